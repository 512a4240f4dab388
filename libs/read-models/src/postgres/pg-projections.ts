import { PoolClient } from 'pg';
import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState } from '@trial-ledger/domain';
import { TrialView, ViewFold, foldOfView, foldTrialView, viewOfFold } from '../trial-view/trial-view.projection';
import { searchKeysOf } from '../trial-view/trial-search-keys';
import { HistoryRow, historyRow, historyStateOf, storedHistoryState } from '../trial-history/trial-history.projection';
import { PgModel } from './pg-model';
import { PgProjection } from './pg-projection';
import { insertValues } from './pg-values';
import { clearTrialSearch, storedSearchKeys, updateTrialSearch } from './pg-trial-search';

/** Loads the JSON column of the given trials' rows in one query, so a batch costs a few round trips, not one per event. */
const loadJson = async <T>(client: PoolClient, sql: string, nctIds: string[]): Promise<Map<string, T>> => {
  const { rows } = await client.query<{ nct_id: string; json: string }>(sql, [nctIds]);
  return new Map(rows.map((r) => [r.nct_id, JSON.parse(r.json) as T]));
};

/** The view folds a ViewFold and builds the TrialView only to write it, as in SQLite. */
const viewModel: PgModel<ViewFold, never> = {
  load: async (client, nctIds) => {
    const views = await loadJson<TrialView>(client, 'SELECT nct_id, data AS json FROM trial_view WHERE nct_id = ANY($1::text[])', nctIds);
    return new Map([...views].map(([id, view]) => [id, foldOfView(view)]));
  },
  evolve: (_nctId, current, event) => foldTrialView(current, event),
  // The same keys as SQLite, so that both adapters match a filter identically; the filter tables follow them.
  save: async (client, folds) => {
    const written = [...folds.values()].map((fold) => {
      const view = viewOfFold(fold);
      return { view, keys: searchKeysOf(view) };
    });
    const before = await storedSearchKeys(
      client,
      written.map((w) => w.view.nctId),
    );
    const rows = written.map(({ view, keys }) => [
      view.nctId,
      keys.status,
      view.revision,
      view.position,
      keys.conditions,
      keys.countries,
      JSON.stringify(view),
    ]);
    await insertValues(
      client,
      'trial_view (nct_id, status, revision, position, conditions_key, countries_key, data)',
      7,
      rows,
      `ON CONFLICT (nct_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, position = excluded.position,
         conditions_key = excluded.conditions_key, countries_key = excluded.countries_key, data = excluded.data`,
    );
    await updateTrialSearch(
      client,
      written.map(({ view, keys }) => ({ nctId: view.nctId, before: before.get(view.nctId), after: keys })),
    );
  },
  insertRows: async () => undefined,
  deleteRowsAfter: async () => undefined,
  clear: async (client) => {
    await client.query('DELETE FROM trial_view');
    await clearTrialSearch(client);
  },
};

type KeyedHistoryRow = HistoryRow & { nctId: string };

const historyModel: PgModel<TrialState, KeyedHistoryRow> = {
  load: async (client, nctIds) => {
    const { rows } = await client.query<{ nct_id: string; state: string }>(
      'SELECT nct_id, state FROM trial_history_state WHERE nct_id = ANY($1::text[])',
      [nctIds],
    );
    return new Map(rows.map((r) => [r.nct_id, historyStateOf(r.state)]));
  },
  evolve: (nctId, current, event: RecordedEvent, rows) => {
    const { row, after } = historyRow(current, event);
    rows.push({ nctId, ...row });
    return after;
  },
  save: async (client, states) => {
    const rows = [...states].map(([id, state]) => [id, storedHistoryState(state)]);
    await insertValues(client, 'trial_history_state (nct_id, state)', 2, rows, 'ON CONFLICT (nct_id) DO UPDATE SET state = excluded.state');
  },
  // A plain INSERT, as in SQLite: a row for a revision already recorded is an error, never an overwrite.
  insertRows: async (client, history) => {
    const rows = history.map((r) => [r.nctId, r.revision, r.position, JSON.stringify(r.changes)]);
    await insertValues(client, 'trial_history (nct_id, revision, position, changes)', 4, rows);
  },
  // Each row carries its event's position, so the rows beyond a checkpoint are exactly those of later events.
  deleteRowsAfter: async (client, position) => {
    await client.query('DELETE FROM trial_history WHERE position > $1', [position]);
  },
  clear: async (client) => {
    await client.query('DELETE FROM trial_history');
    await client.query('DELETE FROM trial_history_state');
  },
};

export class PgTrialViewProjection extends PgProjection<ViewFold, never> {
  readonly name = 'trial-view';
  protected readonly model = viewModel;
}

export class PgTrialHistoryProjection extends PgProjection<TrialState, KeyedHistoryRow> {
  readonly name = 'trial-history';
  protected readonly model = historyModel;
}
