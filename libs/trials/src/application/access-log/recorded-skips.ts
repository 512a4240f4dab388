import { SkippedEvents } from '@trial-ledger/read-models';
import { AccessLog } from './access-log.port';

// The skips are few (each is an operator's decision on one event); they are read in pages all the same.
const PAGE = 500;

/** The positions the access log records as skipped: the projections' way past an event they cannot apply. */
export class RecordedSkips extends SkippedEvents {
  constructor(private readonly log: AccessLog) {
    super();
  }

  async positions(): Promise<ReadonlySet<number>> {
    const positions = new Set<number>();
    for (let offset = 0; ; offset += PAGE) {
      const { items, total } = await this.log.list({ action: 'projection.skip', limit: PAGE, offset });
      items.forEach((e) => positions.add(Number(e.parameters.position)));
      if (items.length === 0 || offset + items.length >= total) return positions;
    }
  }
}
