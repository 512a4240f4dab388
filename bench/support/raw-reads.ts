import Database from 'better-sqlite3';
import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialState, evolve, initialState } from '@trial-ledger/domain';
import { joinHistory, storedHistoryRow } from '@trial-ledger/read-models';
import { toTrialEvent, trialStreamId, verifyChain } from '@trial-ledger/ledger';

type EventRow = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
};

/**
 * The inherent work behind the audit routes, done in the benchmark's own process straight on the SQLite files:
 * read the rows, parse them, do the route's computation with the product's own pure functions, serialise the
 * answer. What the API adds on top (HTTP, Nest, validation, the store and read-model adapters) is the gap.
 */
export class RawReads {
  private readonly events: Database.Database;
  private readonly readModels: Database.Database;

  constructor(eventsFile: string, readModelsFile: string) {
    this.events = new Database(eventsFile, { readonly: true });
    this.readModels = new Database(readModelsFile, { readonly: true });
  }

  /** The projection's rows joined with the trial's logged events, as the route serves them. */
  history(nctId: string): string {
    const rows = this.readModels
      .prepare<[string], { revision: number; position: number; changes: string }>(
        'SELECT revision, position, changes FROM trial_history WHERE nct_id = ? ORDER BY revision',
      )
      .all(nctId)
      .map((r) => storedHistoryRow(r.revision, r.position, r.changes));
    return JSON.stringify({ nctId, entries: joinHistory(nctId, rows, this.stream(nctId)) });
  }

  stream(nctId: string): RecordedEvent[] {
    const rows = this.events
      .prepare<[string], EventRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision')
      .all(trialStreamId(nctId));
    return rows.map((r) => ({
      streamId: r.stream_id,
      revision: r.revision,
      position: r.position,
      eventId: r.event_id,
      type: r.type,
      schemaVersion: r.schema_version,
      data: JSON.parse(r.data),
      metadata: JSON.parse(r.metadata),
    }));
  }

  /** The state after the last event `keep` accepts, folded with the domain's evolve. */
  stateAt(nctId: string, keep: (e: RecordedEvent) => boolean): string {
    let state: TrialState = initialState();
    let last: RecordedEvent | null = null;
    for (const event of this.stream(nctId)) {
      if (!keep(event)) break;
      state = evolve(state, toTrialEvent(event));
      last = event;
    }
    return JSON.stringify({ nctId, revision: last?.revision, recordedAt: last?.metadata.recordedAt, state });
  }

  verify(nctId: string): string {
    return JSON.stringify({ nctId, ...verifyChain(this.stream(nctId)) });
  }

  /** The rows and the JSON the trial list would answer, as one SQL query over the read model. */
  listTrials(where: string, params: (string | number)[], limit: number, offset: number): string {
    const total = this.readModels.prepare(`SELECT count(*) AS n FROM trials ${where}`).get(...params) as { n: number };
    const rows = this.readModels
      .prepare(`SELECT data FROM trials ${where} ORDER BY nct_id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as { data: string }[];
    return JSON.stringify({ items: rows.map((r) => JSON.parse(r.data) as unknown), total: total.n, limit, offset });
  }

  /** The same, with the NCT IDs chosen by a SELECT of their own as the adapter chooses them (filter tables). */
  listTrialsOf(ids: string, params: (string | number)[], limit: number, offset: number): string {
    const total = this.readModels.prepare(`SELECT count(*) AS n FROM (${ids})`).get(...params) as { n: number };
    const rows = this.readModels
      .prepare(`SELECT data FROM trials WHERE nct_id IN (${ids} ORDER BY nct_id LIMIT ? OFFSET ?) ORDER BY nct_id`)
      .all(...params, limit, offset) as { data: string }[];
    return JSON.stringify({ items: rows.map((r) => JSON.parse(r.data) as unknown), total: total.n, limit, offset });
  }

  close(): void {
    this.events.close();
    this.readModels.close();
  }
}
