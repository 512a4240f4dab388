import { EventStore } from '@trial-ledger/event-store';
import { rebuildReadModels } from '../projection/rebuild-read-models';
import { ModelComparison, ShadowReadModels } from './shadow-read-models.port';

export type RebuildPhase = 'build' | 'catch-up' | 'compare' | 'swap';

export interface ShadowRebuildListener {
  phase(phase: RebuildPhase): void;
  /** After each batch: the position reached, the head as the pass began, events replayed so far in this run. */
  batch(done: number, head: number, replayed: number): void;
}

export interface ShadowRebuildOptions {
  /** Continue the shadow an interrupted rebuild left, instead of starting it anew. */
  resume?: boolean;
  batchSize?: number;
  /** Swaps refused because the live projections moved past the shadow, before the rebuild gives up. */
  maxSwapAttempts?: number;
  /** Positions an operator skipped on the record: the shadow passes over them as the live projections do. */
  skipped?: ReadonlySet<number>;
}

export interface ShadowRebuildResult {
  replayed: number;
  comparison: ModelComparison;
  /** The position both the new live models and their checkpoints stand at after the swap. */
  position: number;
}

/**
 * Rebuilds the read models without taking them away from readers: replays the log into the shadow (build),
 * replays what was appended meanwhile (catch-up), compares shadow and live (compare), then swaps them in one
 * transaction (swap). The live projections keep running throughout. The swap hands over the checkpoint: holding the
 * live projections off, it catches the shadow up past them if they moved ahead since (else it is refused, and the
 * shadow catches up again and retries); once it succeeds the live checkpoints are the shadow's, and the live
 * projections skip what the shadow already applied.
 */
export const rebuildWithoutDowntime = async (
  store: EventStore,
  shadow: ShadowReadModels,
  listener: ShadowRebuildListener,
  { resume = false, batchSize, maxSwapAttempts = 20, skipped }: ShadowRebuildOptions = {},
): Promise<ShadowRebuildResult> => {
  const handlers = await shadow.open(!resume);
  let replayed = 0;
  const pass = async (again: boolean): Promise<void> => {
    const before = replayed;
    const onBatch = (done: number, head: number, count: number) => listener.batch(done, head, before + count);
    replayed += await rebuildReadModels(store, handlers, onBatch, { resume: again, batchSize, skipped });
  };
  try {
    listener.phase('build');
    await pass(resume);
    listener.phase('catch-up');
    await pass(true);
    listener.phase('compare');
    const comparison = await shadow.compare();
    const position = await swapWhenCaughtUp(store, shadow, listener, () => pass(true), maxSwapAttempts);
    return { replayed, comparison, position };
  } finally {
    await shadow.close();
  }
};

const swapWhenCaughtUp = async (
  store: EventStore,
  shadow: ShadowReadModels,
  listener: ShadowRebuildListener,
  catchUp: () => Promise<void>,
  maxAttempts: number,
): Promise<number> => {
  for (let attempt = 1; ; attempt++) {
    listener.phase('swap');
    const outcome = await shadow.swap(catchUp);
    if (outcome.swapped) return outcome.position;
    if (attempt >= maxAttempts) {
      const head = await store.headPosition();
      throw new Error(
        `The live ${outcome.projection} projection kept moving past the shadow (${outcome.live} > ${outcome.shadow}, head ${head}) ` +
          `in ${maxAttempts} swap attempts; the live models are untouched: run rebuild --resume to try again`,
      );
    }
    listener.phase('catch-up');
    await catchUp();
  }
};
