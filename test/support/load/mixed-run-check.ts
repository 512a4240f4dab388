import { EventStore } from '@trial-ledger/event-store';
import { LoadClient } from './http-client';
import { auditAgainstLog, readWholeLog } from './log-audit';
import { MixedWorkload, runMixedWorkload } from './mixed-workload';
import { OutcomeLog } from './outcomes';
import { captureServedTrials, compareWithLog, readModelsCaughtUp } from './read-model-check';

const tally = (items: string[]): Record<string, number> =>
  items.reduce<Record<string, number>>((t, item) => ({ ...t, [item]: (t[item] ?? 0) + 1 }), {});

/** Runs the workload and prints what it got, for the report; refusals by status and problem type. */
export const runAndReport = async (label: string, workload: MixedWorkload): Promise<OutcomeLog> => {
  const started = Date.now();
  const run = await runMixedWorkload(workload);
  const refusals = run.commands.filter((o) => o.result === null).map((o) => `${o.status} ${o.problemType?.replace(/^.*\/problems\//, '')}`);
  process.stdout.write(
    `${label}: ${workload.clients} clients, ${run.commands.length} commands and ${run.reads.length} reads ` +
      `in ${Date.now() - started} ms; statuses ${JSON.stringify(run.statusCounts())}; refusals ${JSON.stringify(tally(refusals))}\n`,
  );
  return run;
};

export interface LogAccess {
  /** Called once the read models were captured: the SQLite store can only be opened once its API stopped. */
  openStore(): Promise<EventStore>;
}

/**
 * The properties of a mixed run: every read answered, the run really raced (without refusals it proves
 * little), the log agrees with every answer, and each trial served equals the fold of its events.
 */
export const verifyMixedRun = async (run: OutcomeLog, client: LoadClient, access: LogAccess): Promise<void> => {
  expect(run.reads.filter((r) => r.status !== 200)).toEqual([]);
  expect(run.statusCounts()[412]).toBeGreaterThan(0);
  expect(run.commands.filter((o) => o.kind === 'hot-idempotent' && o.result?.replayed)).not.toHaveLength(0);

  await readModelsCaughtUp(client);
  const served = await captureServedTrials(client, [...new Set(run.commands.map((o) => o.nctId))]);
  const store = await access.openStore();
  try {
    const log = await readWholeLog(store);
    expect(auditAgainstLog(run.commands, log)).toEqual([]);
    expect(compareWithLog(served, log)).toEqual([]);
  } finally {
    await store.close();
  }
};
