import { RecordedEvent, SqliteEventStore } from '@trial-ledger/event-store';
import { newEvent } from '../../../event-store/src/testing/event-store.contract';
import { ProjectionHandler } from '../ports/read-model.port';
import { InProcessProjectionRunner } from './projection-runner';

/** A read model whose database goes away for a while: a batch fails, then reading the checkpoint fails twice. */
class FlakyProjection extends ProjectionHandler {
  readonly name = 'flaky';
  applied: number[] = [];
  private checkpoints = 0;
  private batches = 0;

  async checkpoint(): Promise<number> {
    this.checkpoints += 1;
    if (this.checkpoints === 2 || this.checkpoints === 3) throw new Error('read-model database unavailable');
    return this.applied.at(-1) ?? 0;
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    this.batches += 1;
    if (this.batches === 1) throw new Error('connection lost mid-batch');
    this.applied.push(...events.map((e) => e.position));
  }

  async reset(): Promise<void> {
    this.applied = [];
  }
}

describe('ProjectionRunner when the read-model database is away', () => {
  it('keeps retrying from its checkpoint, even when the checkpoint cannot be read, and applies every event once', async () => {
    const store = SqliteEventStore.open(':memory:');
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    await store.appendToStream('trial-NCT00000001', [newEvent(), newEvent(), newEvent()], 'no_stream');
    const projection = new FlakyProjection();
    const runner = new InProcessProjectionRunner(store, [projection], 5);
    try {
      await runner.start();
      const deadline = Date.now() + 4_000;
      while (projection.applied.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(projection.applied).toEqual([1, 2, 3]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
      await runner.stop();
      await store.close();
    }
  });
});
