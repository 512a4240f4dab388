import { isDeepStrictEqual } from 'node:util';
import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState, evolve, initialState } from '@trial-ledger/domain';
import { toTrialEvent } from '@trial-ledger/ledger';
import { HealthBody, healthWhen } from '../api-process';
import { LoadClient } from './http-client';

interface ServedTrial {
  view: Record<string, unknown> & { revision: number; position: number };
  historyRevisions: number[];
  /** The API's own recomputation of the trial's hash chain: racing appends must still link up. */
  chainVerified: boolean;
}

/** Waits until the read models hold the whole log (lag 0), so what they serve can be compared with it. */
export const readModelsCaughtUp = (client: LoadClient): Promise<HealthBody> =>
  healthWhen(
    async () => (await client.get<HealthBody>('/health')).body,
    (h) => h.readModels.lag === 0,
  );

/** What the API serves for each trial: its current state and its history's revisions. */
export const captureServedTrials = async (client: LoadClient, nctIds: string[]): Promise<Map<string, ServedTrial>> => {
  const served = new Map<string, ServedTrial>();
  for (const nctId of nctIds) {
    const view = await client.get<ServedTrial['view']>(`/trials/${nctId}`);
    const history = await client.get<{ entries: { revision: number }[] }>(`/trials/${nctId}/history`);
    const verify = await client.get<{ verified: boolean }>(`/trials/${nctId}/verify`);
    if (view.status !== 200 || history.status !== 200 || verify.status !== 200) {
      throw new Error(`Reading ${nctId} got ${view.status}/${history.status}/${verify.status}`);
    }
    served.set(nctId, {
      view: view.body,
      historyRevisions: history.body.entries.map((e) => e.revision),
      chainVerified: verify.body.verified,
    });
  }
  return served;
};

const fold = (events: RecordedEvent[]): TrialState => events.reduce((s, e) => evolve(s, toTrialEvent(e)), initialState());

// JSON drops what the API would drop (undefined fields), so the fold compares with the served body as sent.
const asServed = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const disagreement = (nctId: string, served: ServedTrial, events: RecordedEvent[]): string | null => {
  const last = events[events.length - 1];
  const { revision, position, registeredAt: _a, updatedAt: _u, ...state } = served.view;
  // The view leaves out the decider's bookkeeping (TrialView): digests of untracked registry parts, the basis of corrections.
  const {
    registered: _r,
    untrackedDigests: _d,
    correctionBasis: _c,
    ...folded
  } = fold(events) as TrialState & { registered: boolean; untrackedDigests?: unknown; correctionBasis?: unknown };
  const revisions = events.map((e) => e.revision);
  if (revision !== last.revision || position !== last.position) {
    return `${nctId}: served revision ${revision}@${position}, log ${last.revision}@${last.position}`;
  }
  if (JSON.stringify(served.historyRevisions) !== JSON.stringify(revisions))
    return `${nctId}: history revisions ${served.historyRevisions.join(',')}`;
  if (!served.chainVerified) return `${nctId}: hash chain does not verify`;
  return isDeepStrictEqual(asServed(state), asServed(folded))
    ? null
    : `${nctId}: served state differs from the fold of its ${events.length} events`;
};

/**
 * Every served trial equals the fold of its events with the domain's own `evolve`, is at the log's revision
 * and position, has one history entry per event (none missing, none applied twice), and its hash chain verifies.
 */
export const compareWithLog = (served: Map<string, ServedTrial>, log: RecordedEvent[]): string[] => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of log) {
    if (!streams.has(e.streamId)) streams.set(e.streamId, []);
    streams.get(e.streamId)?.push(e);
  }
  const missing = [...streams.keys()].filter((s) => !served.has(s.replace(/^trial-/, ''))).map((s) => `${s} in the log but not checked`);
  return [
    ...missing,
    ...[...served].flatMap(([nctId, trial]) => {
      const events = streams.get(`trial-${nctId}`) ?? [];
      if (events.length === 0) return [`${nctId}: served but not in the log`];
      return [disagreement(nctId, trial, events)].filter((p): p is string => p !== null);
    }),
  ];
};
