import { INestApplicationContext } from '@nestjs/common';
import { isNctId } from '@trial-ledger/domain';
import { EventStore } from '@trial-ledger/event-store';
import { nctIdOfStream, trialStreamId, verifyChain } from '@trial-ledger/ledger';
import { CliIo, CliOutput } from '../cli-io';

const USAGE = 'usage: npm run cli -- verify [nctId]';
const PAGE = 1000;

/** Every trial with at least one event, found in the global log (the read models could have been altered too). */
const trialsInLog = async (store: EventStore): Promise<string[]> => {
  const nctIds = new Set<string>();
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    page.forEach((e) => {
      const nctId = nctIdOfStream(e.streamId);
      if (nctId !== null) nctIds.add(nctId);
    });
    if (page.length < PAGE) return [...nctIds].sort();
    after = page[page.length - 1].position;
  }
};

/** One line per trial; false when its chain is broken. */
const verifyOne = async (store: EventStore, nctId: string, out: CliOutput): Promise<boolean> => {
  const result = verifyChain(await store.readStream(trialStreamId(nctId)));
  const line = result.verified
    ? `${nctId} ok (${result.events} events)`
    : `${nctId} BROKEN at revision ${result.firstBrokenRevision}: ${result.problem}`;
  out.write(`${line}\n`);
  return result.verified;
};

/**
 * Recomputes the hash chain of one trial or of every trial in the log. Exit code 1 when any chain is broken
 * (or the named trial has no events), so that a scheduled job or a script notices.
 */
export const verifyCommand = async (app: INestApplicationContext, args: string[], io: CliIo): Promise<number> => {
  if (args.length > 1 || (args.length === 1 && !isNctId(args[0]))) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const store = app.get(EventStore);
  if (args.length === 1 && (await store.streamRevision(trialStreamId(args[0]))) === 0) {
    io.stderr.write(`Trial ${args[0]} is not registered\n`);
    return 1;
  }
  const nctIds = args.length === 1 ? args : await trialsInLog(store);
  let intact = true;
  for (const nctId of nctIds) intact = (await verifyOne(store, nctId, io.stdout)) && intact;
  if (nctIds.length === 0) io.stdout.write('No trials in the event store\n');
  return intact ? 0 : 1;
};
