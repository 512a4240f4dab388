import { PoolClient } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { applying, nctIdOfStream } from '@trial-ledger/ledger';

/** A trial event with the NCT ID of its stream, as the concrete projections apply it. */
export interface TrialEventOf {
  nctId: string;
  event: RecordedEvent;
}

/**
 * How one projection reads, folds and writes its tables, checkpoints aside: a state per trial, and for some
 * projections a row per event (history entries). The live path and a write-behind rebuild share it; they
 * differ only in how long states stay in memory and when they are written.
 */
export interface PgModel<S, R> {
  /** The stored states of those trials that have one. */
  load(client: PoolClient, nctIds: string[]): Promise<Map<string, S>>;
  /** The state after `event`; a projection with per-event rows pushes the event's row onto `rows`. */
  evolve(nctId: string, current: S | null, event: RecordedEvent, rows: R[]): S;
  save(client: PoolClient, states: Map<string, S>): Promise<void>;
  /** A plain INSERT: a row already recorded is an error, never an overwrite. */
  insertRows(client: PoolClient, rows: R[]): Promise<void>;
  /** Takes back the rows of events after `position`; rows are per event, so their positions say how far. */
  deleteRowsAfter(client: PoolClient, position: number): Promise<void>;
  clear(client: PoolClient): Promise<void>;
}

/** Folds events into `states`, loading the trials it does not hold yet; returns the per-event rows. */
export const foldInto = async <S, R>(
  model: PgModel<S, R>,
  client: PoolClient,
  states: Map<string, S>,
  events: TrialEventOf[],
): Promise<R[]> => {
  await loadMissing(model, client, states, events);
  return evolveAll(model, states, events);
};

/** Loads, in one query, the stored states of the trials of `events` that `states` does not hold. */
export const loadMissing = async <S, R>(
  model: PgModel<S, R>,
  client: PoolClient,
  states: Map<string, S>,
  events: TrialEventOf[],
): Promise<void> => {
  const missing = [...new Set(events.map((e) => e.nctId))].filter((id) => !states.has(id));
  if (missing.length > 0) for (const [id, state] of await model.load(client, missing)) states.set(id, state);
};

/** Evolves the held states through `events`, which must all be loaded; returns the per-event rows. */
export const evolveAll = <S, R>(model: PgModel<S, R>, states: Map<string, S>, events: TrialEventOf[]): R[] => {
  const rows: R[] = [];
  for (const { nctId, event } of events) {
    states.set(
      nctId,
      applying(event, () => model.evolve(nctId, states.get(nctId) ?? null, event, rows)),
    );
  }
  return rows;
};

/** The events after the checkpoint, keeping the running maximum as SQLite does for an unordered batch. */
export const eventsAfter = (checkpoint: number, events: RecordedEvent[]): RecordedEvent[] => {
  const fresh: RecordedEvent[] = [];
  let last = checkpoint;
  for (const event of events) {
    if (event.position <= last) continue;
    fresh.push(event);
    last = event.position;
  }
  return fresh;
};

/** Events of other streams only move the checkpoint, as in SQLite. */
export const trialEventsOf = (events: RecordedEvent[]): TrialEventOf[] =>
  events.flatMap((event) => {
    const nctId = nctIdOfStream(event.streamId);
    return nctId === null ? [] : [{ nctId, event }];
  });
