import request from 'supertest';
import { ApiProcess, healthOver, healthWhen } from '../../support/api-process';
import { nctIdFor } from '../../support/trial-workload';
import { registerBody, statusBody } from '../../support/trials';
import { LogAudit } from './log-audit';
import { Acknowledged, MixedCommands, sendCommand } from './mixed-commands';
import { expectUnavailable, untilAcknowledged } from './outage-checks';

export interface StoreFault {
  /** Makes the store unwritable while commands are flowing. */
  down(): Promise<void>;
  /** Checks of the fault's own while the store is away (probes, files). */
  during?(): Promise<void>;
  /** Gives the store back; the service must recover without being restarted. */
  back(): Promise<void>;
}

export interface OutageRun {
  acknowledged: Acknowledged[];
  /** Commands answered 503 while in flight at the moment the store went away: they may or may not have committed. */
  cutInFlight: number;
  refusedDuringOutage: number;
  /** Trials whose registration was refused while the store was away: none may exist afterwards. */
  refusedTrials: string[];
  witness: string;
  headPosition: number;
  /** The `detail` of one refusal during the outage: what the service saw go wrong. */
  refusalDetail: string;
}

// The outage lasts beyond the projections' one-second retry pause, so they retry against the absent store.
const OUTAGE_PROBES = 8;
const WITNESS = nctIdFor(900_001);

const acknowledgement = (nctId: string, outcome: { body?: unknown; etag?: string }): Acknowledged => ({
  ...(outcome.body as Acknowledged),
  nctId,
  etag: outcome.etag ?? '',
});

/** Commands refused while the store is away, each a 503 in bounded time; returns the trials they named. */
const refuseDuringOutage = async (url: string, auth: string): Promise<{ refused: string[]; detail: string }> => {
  const update = await sendCommand(url, auth, `/trials/${WITNESS}/status`, statusBody('RECRUITING'));
  expectUnavailable(update, 'an update during the outage');
  const refused: string[] = [];
  for (let i = 0; i < OUTAGE_PROBES; i++) {
    const nctId = nctIdFor(900_100 + i);
    expectUnavailable(await sendCommand(url, auth, '/trials', registerBody(nctId)), `registration ${nctId} during the outage`);
    refused.push(nctId);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { refused, detail: String((update.body as { detail?: unknown }).detail) };
};

/**
 * Commands flow, the store goes away under them, commands are refused for a while, the store comes back and
 * commands flow again, all in one process; ends once the read models caught up with the log.
 */
export const runOutage = async (api: ApiProcess, auth: string, fault: StoreFault): Promise<OutageRun> => {
  const trials = { next: 1, known: [] as string[] };
  const witness = await sendCommand(api.url, auth, '/trials', registerBody(WITNESS));
  expect(witness.status).toBe(201);
  const before = new MixedCommands(api.url, auth, trials, 3);
  await before.waitFor(100);
  await fault.down();
  await before.ended();
  // Commands in flight when the store went away were either acknowledged or refused as unavailable.
  before.refused.forEach((r) => expectUnavailable(r.outcome, r.path));
  const { refused: refusedTrials, detail } = await refuseDuringOutage(api.url, auth);
  await fault.during?.();
  await fault.back();
  let probe = 900_200;
  const back = await untilAcknowledged(api.url, auth, () => nctIdFor(probe++));
  back.refused.forEach((r) => expectUnavailable(r.outcome, `${r.nctId} while the store came back`));
  const after = new MixedCommands(api.url, auth, trials, 3);
  await after.waitFor(100);
  await after.ended();
  expect(after.refused).toEqual([]);
  const health = await healthWhen(healthOver(request(api.url)), (h) => h.readModels.lag === 0);
  return {
    acknowledged: [
      acknowledgement(WITNESS, witness),
      ...before.acknowledged,
      acknowledgement(back.nctId, back.outcome),
      ...after.acknowledged,
    ],
    cutInFlight: before.refused.length,
    refusedDuringOutage: OUTAGE_PROBES + 1 + back.refused.length,
    refusedTrials: [...refusedTrials, ...back.refused.map((r) => r.nctId)],
    witness: WITNESS,
    headPosition: health.eventStore.headPosition,
    refusalDetail: detail,
  };
};

/** The log after the outage: every acknowledged command exactly once, nothing refused, no half-written batch. */
export const expectLogAfterOutage = (audit: LogAudit, run: OutageRun): void => {
  expect(audit.lost).toEqual([]);
  expect(audit.brokenChains).toEqual([]);
  expect(audit.gaps).toEqual([]);
  expect(audit.trials.filter((t) => run.refusedTrials.includes(t))).toEqual([]);
  // The update refused during the outage left the witness at its one acknowledged event.
  expect(audit.events.filter((e) => e.streamId === `trial-${run.witness}`)).toHaveLength(1);
  // A command cut in flight may have committed though its answer was a 503; nothing else is unacknowledged.
  expect(audit.events.length - audit.acknowledgedEvents).toBeLessThanOrEqual(run.cutInFlight);
  expect(audit.events.at(-1)?.position).toBe(run.headPosition);
};
