import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { ProjectionHandler, ProjectionRebuilder } from '../ports/read-model.port';
import { withoutSkipped } from './skipped';

export interface RebuildOptions {
  batchSize?: number;
  /**
   * Continue an interrupted rebuild instead of starting over: nothing is dropped, and the replay starts at
   * the lowest projection checkpoint. Each projection skips what it already applied (its checkpoint moves
   * with its changes), so resuming yields the same models as an uninterrupted rebuild.
   */
  resume?: boolean;
  /** How many events a projection may hold in memory before writing them (see ProjectionHandler.rebuilder). */
  flushEvery?: number;
  /** Positions an operator skipped on the record (SkippedEvents): passed over as the live projections pass over them. */
  skipped?: ReadonlySet<number>;
}

/**
 * Rebuilds every read model from the log, in batches; returns the number of events replayed. After each batch
 * `onBatch` hears the position reached, the head as the rebuild began, and the events replayed so far. When `onBatch`
 * throws, the rebuild stops there but first writes all it applied: a deliberate stop loses no work. Any other
 * failure leaves each projection at its last write, as a crash would.
 */
export const rebuildReadModels = async (
  store: EventStore,
  handlers: ProjectionHandler[],
  onBatch: (done: number, head: number, replayed: number) => void = () => undefined,
  // Large batches: fewer reads of the log, and live-path handlers commit once per batch.
  { batchSize = 20_000, resume = false, flushEvery, skipped = new Set<number>() }: RebuildOptions = {},
): Promise<number> => {
  if (!resume) await Promise.all(handlers.map((h) => h.reset()));
  const after = resume ? Math.min(...(await Promise.all(handlers.map((h) => h.checkpoint())))) : 0;
  const rebuilders = handlers.map((h) => h.rebuilder({ flushEvery }));
  try {
    const count = await replay(store, rebuilders, after, { batchSize, skipped }, onBatch);
    await allOf(rebuilders, (r) => r.finish());
    return count;
  } catch (error) {
    rebuilders.forEach((r) => r.abandon());
    throw error;
  }
};

/**
 * Each batch goes to every rebuilder at once, and the next batch is read while they apply it. Rebuilders
 * whose writes are I/O (PostgreSQL) overlap theirs with each other's folding and with the read; synchronous
 * ones (SQLite) still run one after the other, each to its end, since nothing in them yields.
 */
const replay = async (
  store: EventStore,
  rebuilders: ProjectionRebuilder[],
  from: number,
  { batchSize, skipped }: { batchSize: number; skipped: ReadonlySet<number> },
  onBatch: (done: number, head: number, replayed: number) => void,
): Promise<number> => {
  const head = await store.headPosition();
  let count = 0;
  let next = readAhead(store, from, batchSize);
  for (;;) {
    const events = await next;
    if (events.length === 0) return count;
    const after = events[events.length - 1].position;
    next = readAhead(store, after, batchSize);
    await allOf(rebuilders, (r) => r.apply(withoutSkipped(events, skipped)));
    count += events.length;
    try {
      onBatch(after, head, count);
    } catch (stop) {
      await allOf(rebuilders, (r) => r.finish());
      throw stop;
    }
    // A pass ends at the head it began with: chasing a log that grows faster than small batches apply never ended,
    // and in a rebuild's swap that held the live checkpoints locked (readers waiting) for as long.
    if (after >= head) return count;
  }
};

/** A read of the batch after `after`; if the replay stops before awaiting it, its failure is nobody's to hear. */
const readAhead = (store: EventStore, after: number, maxCount: number): Promise<RecordedEvent[]> => {
  const read = store.readAll({ after, maxCount });
  read.catch(() => undefined);
  return read;
};

/** Runs `step` on every rebuilder at once; fails with the first failure, but only once none is still running. */
const allOf = async (rebuilders: ProjectionRebuilder[], step: (r: ProjectionRebuilder) => Promise<void>): Promise<void> => {
  const outcomes = await Promise.allSettled(rebuilders.map(step));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
};
