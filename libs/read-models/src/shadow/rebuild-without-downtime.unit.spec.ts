import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { ProjectionHandler } from '../ports/read-model.port';
import { rebuildWithoutDowntime } from './rebuild-without-downtime';
import { ModelComparison, ShadowReadModels, SwapOutcome } from './shadow-read-models.port';

const event = (position: number): RecordedEvent => ({
  streamId: 'other-stream',
  revision: position,
  position,
  eventId: `e${position}`,
  type: 'Noted',
  schemaVersion: 1,
  data: {},
  metadata: {} as RecordedEvent['metadata'],
});

/** A log of `head` events that another writer can extend. */
const logOf = (events: RecordedEvent[]) =>
  ({
    readAll: async ({ after, maxCount }: { after: number; maxCount: number }) =>
      events.filter((e) => e.position > after).slice(0, maxCount),
    headPosition: async () => events.length,
  }) as unknown as EventStore;

/** One projection that remembers what it applied, from its checkpoint. */
class Recording extends ProjectionHandler {
  readonly name = 'recording';
  applied: number[] = [];
  async checkpoint(): Promise<number> {
    return this.applied[this.applied.length - 1] ?? 0;
  }
  async handle(events: RecordedEvent[]): Promise<void> {
    const from = await this.checkpoint();
    this.applied.push(...events.filter((e) => e.position > from).map((e) => e.position));
  }
  async reset(): Promise<void> {
    this.applied = [];
  }
}

const comparison: ModelComparison = { tables: [], compared: 0, notCompared: 0, differing: [] };

/** A shadow whose swap is refused while the live projection stands past it, as each adapter's is. */
class FakeShadow extends ShadowReadModels {
  readonly projection = new Recording();
  swaps = 0;
  constructor(private readonly live: () => number) {
    super();
  }
  async open(): Promise<ProjectionHandler[]> {
    return [this.projection];
  }
  async compare(): Promise<ModelComparison> {
    return comparison;
  }
  async swap(catchUp: () => Promise<void>): Promise<SwapOutcome> {
    this.swaps += 1;
    if (this.live() > (await this.projection.checkpoint())) await catchUp();
    const shadow = await this.projection.checkpoint();
    return this.live() > shadow
      ? { swapped: false, projection: 'recording', live: this.live(), shadow }
      : { swapped: true, position: shadow };
  }
  async close(): Promise<void> {}
}

describe('rebuildWithoutDowntime', () => {
  it('given events appended during the build, when it swaps, then the shadow holds every event once and the phases ran in order', async () => {
    const events = [1, 2, 3].map(event);
    const shadow = new FakeShadow(() => 0);
    const phases: string[] = [];
    const result = await rebuildWithoutDowntime(logOf(events), shadow, {
      phase: (p) => {
        phases.push(p);
        if (p === 'catch-up') events.push(event(4), event(5));
      },
      batch: () => undefined,
    });
    expect(phases).toEqual(['build', 'catch-up', 'compare', 'swap']);
    expect(shadow.projection.applied).toEqual([1, 2, 3, 4, 5]);
    expect(result).toEqual({ replayed: 5, comparison, position: 5 });
  });

  it('given the live projection moved past the shadow before the swap, when it swaps, then it catches up inside the swap first', async () => {
    const events = [1, 2].map(event);
    let live = 2;
    const shadow = new FakeShadow(() => live);
    const phases: string[] = [];
    const result = await rebuildWithoutDowntime(logOf(events), shadow, {
      phase: (p) => {
        phases.push(p);
        // Between the compare and the first swap, a command lands and the live projection applies it.
        if (p === 'swap' && shadow.swaps === 0) {
          events.push(event(3));
          live = 3;
        }
      },
      batch: () => undefined,
    });
    expect(phases).toEqual(['build', 'catch-up', 'compare', 'swap']);
    expect(shadow.swaps).toBe(1);
    expect(shadow.projection.applied).toEqual([1, 2, 3]);
    expect(result.position).toBe(3);
  });

  it('given the live projection always ahead, when the attempts run out, then it fails saying the live models are untouched', async () => {
    const shadow = new FakeShadow(() => 99);
    const run = rebuildWithoutDowntime(
      logOf([event(1)]),
      shadow,
      { phase: () => undefined, batch: () => undefined },
      { maxSwapAttempts: 3 },
    );
    await expect(run).rejects.toThrow('kept moving past the shadow (99 > 1, head 1) in 3 swap attempts; the live models are untouched');
    expect(shadow.swaps).toBe(3);
  });
});
