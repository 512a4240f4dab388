import { registerBody, siteBody, statusBody } from '../trials';
import { nctIdFor } from '../trial-workload';
import { LoadClient, revisionOf } from './http-client';
import { OutcomeLog } from './outcomes';
import { readModelsCaughtUp } from './read-model-check';
import { soloCommand } from './trial-commands';

export interface MixedWorkload {
  /** One client per entry, round-robin over the URLs (several API processes share the clients). */
  urls: string[];
  clients: number;
  rounds: number;
  hotTrials: string[];
  /** Own trials are nctIdFor(firstOwnTrial + client index). */
  firstOwnTrial: number;
}

// Transitions among these three are all allowed; a racer that picks the status just set gets NO_CHANGE (409).
const HOT_STATUSES = ['RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING'];
const PINNED_BURST = 3;

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/**
 * Registers the trials every racer shares (the audit requires each to be accepted), and waits until the read
 * models show them: the racers read them without naming a revision, which may otherwise answer 404.
 */
const registerHotTrials = async (client: LoadClient, log: OutcomeLog, hotTrials: string[]): Promise<void> => {
  for (const nctId of hotTrials) log.command('setup', nctId, await client.post('/trials', registerBody(nctId)));
  await readModelsCaughtUp(client);
};

/**
 * A client alone on its trial, chaining If-Match from the revision each answer reports: nobody else writes
 * there, so every command must be applied.
 */
const ownTrialClient = async (client: LoadClient, log: OutcomeLog, nctId: string, rounds: number): Promise<void> => {
  let revision = 0;
  let siteId = '';
  for (let round = 0; round < rounds; round++) {
    const [path, body] = soloCommand(nctId, round, siteId);
    const answer = await client.post(path, body, round === 0 ? {} : { 'If-Match': `"${revision}"` });
    const outcome = log.command('own', nctId, answer, round === 0 ? {} : { expectedRevision: revision });
    if (outcome.result === null) return; // the audit reports it; the rest of this trial's chain would be noise
    revision = outcome.result.revision;
    siteId = outcome.result.siteId ?? siteId;
  }
};

/** Commands without If-Match on the shared trials: the executor must retry a lost race on the newer state. */
const blindClient = async (client: LoadClient, log: OutcomeLog, id: number, w: MixedWorkload): Promise<void> => {
  for (let round = 0; round < w.rounds; round++) {
    const nctId = pick(w.hotTrials);
    const answer =
      round % 2 === 0
        ? await client.post(`/trials/${nctId}/sites`, siteBody(`blind ${id}-${round}`))
        : await client.post(`/trials/${nctId}/status`, statusBody(pick(HOT_STATUSES)));
    log.command('hot-blind', nctId, answer);
  }
};

/** Reads a shared trial, then writes pinned to the revision read; now and then several writes pin the same one. */
const ifMatchClient = async (client: LoadClient, log: OutcomeLog, id: number, w: MixedWorkload): Promise<void> => {
  for (let round = 0; round < w.rounds; round++) {
    const nctId = pick(w.hotTrials);
    const view = await client.get(`/trials/${nctId}`);
    log.read(`/trials/${nctId}`, view);
    if (view.status !== 200) continue;
    const revision = revisionOf(view.etag);
    const writers = round % 5 === 0 ? PINNED_BURST : 1;
    await Promise.all(
      Array.from({ length: writers }, async (_, k) => {
        const count = (id * w.rounds + round) * PINNED_BURST + k; // unique, so no write is a NO_CHANGE
        const answer = await client.post(
          `/trials/${nctId}/enrollment`,
          { count, type: 'ESTIMATED', reason: `Estimate ${count}` },
          { 'If-Match': `"${revision}"` },
        );
        log.command('hot-if-match', nctId, answer, { expectedRevision: revision });
      }),
    );
  }
};

/**
 * Each command sent twice at once under one Idempotency-Key (a client retrying a timeout; with several API
 * processes, the retry reaches another one), plus list and history reads.
 */
const idempotentClient = async (client: LoadClient, log: OutcomeLog, id: number, w: MixedWorkload): Promise<void> => {
  const retrying = new LoadClient(w.urls[(id + 1) % w.urls.length]);
  for (let round = 0; round < w.rounds; round++) {
    const nctId = pick(w.hotTrials);
    const key = `load-${id}-${round}`;
    const body = siteBody(`retried ${id}-${round}`);
    await Promise.all(
      [client, retrying].map(async (sender) => {
        log.command('hot-idempotent', nctId, await sender.post(`/trials/${nctId}/sites`, body, { 'Idempotency-Key': key }), {
          idempotencyKey: key,
        });
      }),
    );
    const path = round % 2 === 0 ? '/trials?limit=20' : `/trials/${nctId}/history`;
    log.read(path, await client.get(path));
  }
};

/** Runs every client to the end and returns what each command and read got. */
export const runMixedWorkload = async (w: MixedWorkload): Promise<OutcomeLog> => {
  const log = new OutcomeLog();
  await registerHotTrials(new LoadClient(w.urls[0]), log, w.hotTrials);
  await Promise.all(
    Array.from({ length: w.clients }, (_, id) => {
      const client = new LoadClient(w.urls[id % w.urls.length]);
      switch (id % 4) {
        case 0:
          return ownTrialClient(client, log, nctIdFor(w.firstOwnTrial + id), w.rounds);
        case 1:
          return blindClient(client, log, id, w);
        case 2:
          return ifMatchClient(client, log, id, w);
        default:
          return idempotentClient(client, log, id, w);
      }
    }),
  );
  return log;
};
