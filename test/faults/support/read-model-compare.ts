import { isDeepStrictEqual } from 'node:util';
import { EventStore } from '@trial-ledger/event-store';
import { ProjectionHandler, TrialReadModel, rebuildReadModels } from '@trial-ledger/read-models';

export interface ReadSideUnderTest {
  readModel: TrialReadModel;
  handlers: ProjectionHandler[];
}

export interface ReadModelComparison {
  trialsCompared: number;
  historyEntriesCompared: number;
  /** Where the models built live differ from a rebuild of the same log (empty when they are equal). */
  differences: string[];
  livePosition: number;
  rebuiltPosition: number;
}

const differs = (a: unknown, b: unknown): boolean => !isDeepStrictEqual(a, b);

/**
 * Replays the whole log into an empty read side and compares it, trial by trial and history entry by entry,
 * with the read side the running service built incrementally (through crashes and outages).
 */
export const compareWithRebuild = async (
  store: EventStore,
  live: TrialReadModel,
  fresh: ReadSideUnderTest,
  trials: string[],
): Promise<ReadModelComparison> => {
  await rebuildReadModels(store, fresh.handlers);
  const differences: string[] = [];
  let historyEntriesCompared = 0;
  for (const nctId of trials) {
    const [liveTrial, rebuiltTrial] = [await live.getTrial(nctId), await fresh.readModel.getTrial(nctId)];
    if (rebuiltTrial === null || differs(liveTrial, rebuiltTrial))
      differences.push(`${nctId} state: ${JSON.stringify(liveTrial)} vs ${JSON.stringify(rebuiltTrial)}`);
    const [liveHistory, rebuiltHistory] = [await live.getHistoryRows(nctId), await fresh.readModel.getHistoryRows(nctId)];
    historyEntriesCompared += rebuiltHistory.length;
    if (differs(liveHistory, rebuiltHistory))
      differences.push(`${nctId} history: ${liveHistory.length} vs ${rebuiltHistory.length} entries`);
  }
  const page = { limit: trials.length + 10, offset: 0 };
  if (differs(await live.listTrials(page), await fresh.readModel.listTrials(page))) differences.push('the trial lists differ');
  return {
    trialsCompared: trials.length,
    historyEntriesCompared,
    differences,
    livePosition: await live.position(),
    rebuiltPosition: await fresh.readModel.position(),
  };
};
