import { PoolClient } from 'pg';
import { TrialState, initialState } from '@trial-ledger/domain';
import { TrialView, ViewFold, countriesOf, foldOfView, foldTrialView, viewOfFold } from '../../read-models/trial-view.projection';
import { HistoryEntry, historyEntry } from '../../read-models/trial-history.projection';
// The same key builder as SQLite, so that both adapters match a filter identically.
import { searchKey } from '../sqlite/sqlite-projections';
import { PgProjection, TrialEventOf } from './pg-projection';

/** Loads the JSON column of the rows the batch touches, so a batch costs a few round trips, not one per event. */
const loadJson = async <T>(client: PoolClient, sql: string, nctIds: string[]): Promise<Map<string, T>> => {
  const { rows } = await client.query<{ nct_id: string; json: string }>(sql, [nctIds]);
  return new Map(rows.map((r) => [r.nct_id, JSON.parse(r.json) as T]));
};

const distinctIds = (events: TrialEventOf[]): string[] => [...new Set(events.map((e) => e.nctId))];

export class PgTrialViewProjection extends PgProjection {
  readonly name = 'trial-view';

  protected async apply(client: PoolClient, events: TrialEventOf[]): Promise<void> {
    if (events.length === 0) return;
    const stored = await loadJson<TrialView>(client, 'SELECT nct_id, data AS json FROM trial_view WHERE nct_id = ANY($1::text[])', distinctIds(events));
    const folds = new Map([...stored].map(([id, view]) => [id, foldOfView(view)]));
    for (const { nctId, event } of events) folds.set(nctId, foldTrialView(folds.get(nctId) ?? null, event));
    const touched = distinctIds(events).map((id) => viewOfFold(folds.get(id) as ViewFold));
    await client.query(
      `INSERT INTO trial_view (nct_id, status, revision, position, conditions_key, countries_key, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (nct_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, position = excluded.position,
         conditions_key = excluded.conditions_key, countries_key = excluded.countries_key, data = excluded.data`,
      [
        touched.map((v) => v.nctId), touched.map((v) => v.status), touched.map((v) => v.revision), touched.map((v) => v.position),
        touched.map((v) => searchKey(v.conditions)), touched.map((v) => searchKey(countriesOf(v))), touched.map((v) => JSON.stringify(v)),
      ],
    );
  }

  protected async clear(client: PoolClient): Promise<void> {
    await client.query('DELETE FROM trial_view');
  }
}

export class PgTrialHistoryProjection extends PgProjection {
  readonly name = 'trial-history';

  protected async apply(client: PoolClient, events: TrialEventOf[]): Promise<void> {
    if (events.length === 0) return;
    const states = await loadJson<TrialState>(client, 'SELECT nct_id, state AS json FROM trial_history_state WHERE nct_id = ANY($1::text[])', distinctIds(events));
    const entries: HistoryEntry[] = [];
    for (const { nctId, event } of events) {
      const { entry, after } = historyEntry(nctId, states.get(nctId) ?? initialState(), event);
      entries.push(entry);
      states.set(nctId, after);
    }
    await this.insertEntries(client, entries);
    const ids = distinctIds(events);
    await client.query(
      `INSERT INTO trial_history_state (nct_id, state) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (nct_id) DO UPDATE SET state = excluded.state`,
      [ids, ids.map((id) => JSON.stringify(states.get(id)))],
    );
  }

  protected async clear(client: PoolClient): Promise<void> {
    await client.query('DELETE FROM trial_history');
    await client.query('DELETE FROM trial_history_state');
  }

  /** A plain INSERT, as in SQLite: an entry for a revision already recorded is an error, never an overwrite. */
  private async insertEntries(client: PoolClient, entries: HistoryEntry[]): Promise<void> {
    await client.query(
      'INSERT INTO trial_history (nct_id, revision, position, entry) SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[])',
      [entries.map((e) => e.nctId), entries.map((e) => e.revision), entries.map((e) => e.position), entries.map((e) => JSON.stringify(e))],
    );
  }
}
