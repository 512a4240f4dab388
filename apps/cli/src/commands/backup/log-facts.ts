import { EventStore } from '@trial-ledger/event-store';
import { nctIdOfStream, toTrialEvent, trialStreamId, verifyChain } from '@trial-ledger/ledger';

const PAGE = 5_000;

/** A trial's chain as it ends: its last revision and that event's hash. */
export interface TrialHead {
  revision: number;
  headHash: string;
}

/** What a log holds, as a backup's manifest records it and a restore checks it. */
export interface LogFacts {
  headPosition: number;
  events: number;
  trials: Record<string, TrialHead>;
}

/** A log that fails its checks: the first problems found, each naming the trial, revision or position. */
export class LogProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Reads the whole log: every event must be one this build can read (a newer schema version is refused), and every
 * trial's hash chain must verify. Answers the head, the count and each trial's head hash; throws LogProblems else.
 */
export const factsOfLog = async (store: EventStore): Promise<LogFacts> => {
  const problems: string[] = [];
  const nctIds = new Set<string>();
  let events = 0;
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      events += 1;
      const nctId = nctIdOfStream(event.streamId);
      if (nctId === null) continue;
      nctIds.add(nctId);
      try {
        toTrialEvent(event);
      } catch (error) {
        problems.push(`position ${event.position} (${nctId} revision ${event.revision}): ${(error as Error).message}`);
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].position;
  }
  const trials: Record<string, TrialHead> = {};
  for (const nctId of [...nctIds].sort()) {
    const chain = verifyChain(await store.readStream(trialStreamId(nctId)));
    if (chain.verified) trials[nctId] = { revision: chain.events, headHash: chain.headHash! };
    else problems.push(`${nctId} chain broken at revision ${chain.firstBrokenRevision}: ${chain.problem}`);
  }
  if (problems.length > 0) throw new LogProblems(problems);
  return { headPosition: await store.headPosition(), events, trials };
};

/** Where a log's facts differ from those a manifest recorded; empty when they agree. */
export const differencesFrom = (recorded: LogFacts, found: LogFacts): string[] => {
  const differences: string[] = [];
  if (found.headPosition !== recorded.headPosition)
    differences.push(`head position ${found.headPosition}, the manifest says ${recorded.headPosition}`);
  if (found.events !== recorded.events) differences.push(`${found.events} events, the manifest says ${recorded.events}`);
  const ids = new Set([...Object.keys(recorded.trials), ...Object.keys(found.trials)]);
  for (const nctId of [...ids].sort()) {
    const [r, f] = [recorded.trials[nctId], found.trials[nctId]];
    if (r?.headHash === f?.headHash && r?.revision === f?.revision) continue;
    differences.push(
      `${nctId}: ${f ? `revision ${f.revision} hash ${f.headHash}` : 'absent'}, the manifest says ${r ? `revision ${r.revision} hash ${r.headHash}` : 'absent'}`,
    );
  }
  return differences;
};
