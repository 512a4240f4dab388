import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { Outcome } from './outcomes';

// Nobody else writes where these were sent, so a refusal there is a bug, not a lost race.
const MUST_APPLY = new Set(['setup', 'own']);

/**
 * The refusals a lost race explains: a stale If-Match (412), a blind command that lost too many races (409),
 * or a blind status change to the status a racer had just set (409). Anything else (a 5xx, a 400, a
 * duplicate site from an idempotent retry) is a bug.
 */
const refusalExplained = (o: Outcome): boolean => {
  const type = o.problemType?.replace(/^.*\/problems\//, '');
  if (MUST_APPLY.has(o.kind)) return false;
  if (o.status === 412) return o.expectedRevision !== undefined && type === 'stale-revision';
  if (o.status !== 409) return false;
  return type === 'concurrency-conflict' || (o.kind === 'hot-blind' && type === 'invalid-status-transition');
};

/** The whole log, oldest first. */
export const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 1000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
};

const describe = (o: Outcome): string => `${o.kind} ${o.nctId} → ${o.status} ${o.problemType ?? JSON.stringify(o.result)}`;

const badStatuses = (outcomes: Outcome[]): string[] =>
  outcomes
    .filter((o) => (o.result === null ? !refusalExplained(o) : o.status !== 200 && o.status !== 201))
    .map((o) => `unexpected answer: ${describe(o)}`);

/** Each 2xx names events that are in the log once, in its trial's stream, ending at the revision and position it reported. */
const misplacedEvents = (outcomes: Outcome[], byId: Map<string, RecordedEvent>): string[] =>
  outcomes.flatMap((o) => {
    const r = o.result;
    if (r === null) return [];
    const events = r.eventIds.map((id) => byId.get(id));
    if (events.length === 0 || events.some((e) => e === undefined)) return [`acknowledged but not in the log: ${describe(o)}`];
    const found = events as RecordedEvent[];
    const last = found[found.length - 1];
    const contiguous = found.every((e, i) => e.streamId === `trial-${o.nctId}` && e.revision === r.revision - found.length + 1 + i);
    return contiguous && last.position === r.position ? [] : [`log disagrees with the answer: ${describe(o)}`];
  });

/** Every event in the log was reported by some 2xx: a refused command appended nothing, and nothing else did. */
const unacknowledgedEvents = (outcomes: Outcome[], log: RecordedEvent[]): string[] => {
  const reported = new Set(outcomes.flatMap((o) => o.result?.eventIds ?? []));
  return log.filter((e) => !reported.has(e.eventId)).map((e) => `in the log but never acknowledged: ${e.streamId}@${e.revision} ${e.type}`);
};

/** At most one writer per If-Match revision, and its events start right after that revision. */
const ifMatchViolations = (outcomes: Outcome[], byId: Map<string, RecordedEvent>): string[] => {
  const winners = new Map<string, number>();
  const problems: string[] = [];
  for (const o of outcomes) {
    if (o.result === null || o.expectedRevision === undefined) continue;
    const key = `${o.nctId}@${o.expectedRevision}`;
    winners.set(key, (winners.get(key) ?? 0) + 1);
    if (byId.get(o.result.eventIds[0])?.revision !== o.expectedRevision + 1) problems.push(`If-Match not honoured: ${describe(o)}`);
  }
  return [...problems, ...[...winners].filter(([, n]) => n > 1).map(([key, n]) => `${n} writers succeeded on revision ${key}`)];
};

/** Every 2xx under one Idempotency-Key reports the same events: a retry appended nothing of its own. */
const idempotencyViolations = (outcomes: Outcome[]): string[] => {
  const firstAnswer = new Map<string, string>();
  return outcomes.flatMap((o) => {
    if (o.result === null || o.idempotencyKey === undefined) return [];
    const ids = o.result.eventIds.join(',');
    const seen = firstAnswer.get(o.idempotencyKey);
    if (seen === undefined) firstAnswer.set(o.idempotencyKey, ids);
    return seen === undefined || seen === ids ? [] : [`Idempotency-Key ${o.idempotencyKey} answered with other events: ${describe(o)}`];
  });
};

/** Each stream's revisions are 1..n in log order. */
const streamGaps = (log: RecordedEvent[]): string[] => {
  const last = new Map<string, number>();
  return log.flatMap((e) => {
    const expected = (last.get(e.streamId) ?? 0) + 1;
    last.set(e.streamId, e.revision);
    return e.revision === expected ? [] : [`${e.streamId}: revision ${e.revision} where ${expected} was due`];
  });
};

/**
 * Every way the answers and the log can disagree, as readable lines; empty when no update was lost, none was
 * applied twice, and no refused command left a trace.
 */
export const auditAgainstLog = (outcomes: Outcome[], log: RecordedEvent[]): string[] => {
  const byId = new Map(log.map((e) => [e.eventId, e]));
  return [
    ...badStatuses(outcomes),
    ...misplacedEvents(outcomes, byId),
    ...unacknowledgedEvents(outcomes, log),
    ...ifMatchViolations(outcomes, byId),
    ...idempotencyViolations(outcomes),
    ...streamGaps(log),
  ];
};
