import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { nctIdOfStream, trialStreamId, verifyChain } from '@trial-ledger/ledger';
import { CliIo, CliOutput } from '../cli-io';
import { CliCommand } from '../program/cli-command';
import { EXIT } from '../program/exit-codes';
import { nctIdArgument } from '../program/nct-id';
import { checkLatestCheckpoint } from './checkpoint-check';
import { checkAccessLogChain } from './access-log-check';

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

/** Exit 1 when any chain is broken (or the named trial has no events), so that a scheduled job or a script notices. */
const verify = async (app: INestApplicationContext, nctId: string | undefined, io: CliIo): Promise<number> => {
  const store = app.get(EventStore);
  if (nctId !== undefined && (await store.streamRevision(trialStreamId(nctId))) === 0) {
    io.stderr.write(`Trial ${nctId} is not registered\n`);
    return EXIT.problem;
  }
  const nctIds = nctId !== undefined ? [nctId] : await trialsInLog(store);
  let intact = true;
  for (const id of nctIds) intact = (await verifyOne(store, id, io.stdout)) && intact;
  if (nctIds.length === 0) io.stdout.write('No trials in the event store\n');
  // A chain that holds can still have lost its newest events, or been rewritten with its hashes: the signature tells.
  intact = (await checkLatestCheckpoint(app, io.stdout)) && intact;
  // Who read the trails is a record too; a verify of one trial leaves it to the full run.
  if (nctId === undefined) intact = (await checkAccessLogChain(app, io.stdout)) && intact;
  return intact ? EXIT.ok : EXIT.problem;
};

export const verifyCommand: CliCommand = {
  name: 'verify',
  register(program, ctx) {
    program
      .command('verify')
      .description('recompute the hash chain of one trial, or of every trial in the event log; exit 1 names the first broken revision')
      .argument('[nctId]', 'the trial (default: every trial)', nctIdArgument)
      .action(ctx.action((nctId: string | undefined) => ctx.withApp('verify', (app) => verify(app, nctId, ctx.io))));
  },
};
