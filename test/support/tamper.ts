import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EventMetadata } from '@trial-ledger/event-store';
import { GENESIS_HASH, eventHash } from '@trial-ledger/ledger';
import { TestApp } from './test-app';
import { registerBody, siteBody, statusBody } from './trials';

/** Registers a trial and changes it four times over HTTP: five events, revisions 1 to 5. */
export const trialWithHistory = async (t: TestApp, nctId: string): Promise<void> => {
  const op = t.token('operator', 'olga');
  await t.http.post('/trials').set('Authorization', op).send(registerBody(nctId)).expect(201);
  await t.http.post(`/trials/${nctId}/status`).set('Authorization', op).send(statusBody('RECRUITING')).expect(200);
  await t.http.post(`/trials/${nctId}/sites`).set('Authorization', op).send(siteBody('Guangzhou')).expect(201);
  await t.http
    .post(`/trials/${nctId}/enrollment`)
    .set('Authorization', op)
    .send({ count: 12, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' })
    .expect(200);
  await t.http
    .post(`/trials/${nctId}/dates`)
    .set('Authorization', op)
    .send({ startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' })
    .expect(200);
};

/** The triggers that make the log append-only (sqlite-connection.ts); the store creates them again when it opens. */
export const APPEND_ONLY_TRIGGERS = ['events_no_update', 'events_no_delete', 'checkpoints_no_update', 'checkpoints_no_delete'];

/**
 * Edits the stored log behind the application's back, the way someone with write access to the file could: a
 * second connection on the same file (WAL lets it write while the app keeps its own connection open) that first
 * drops the append-only triggers, which only stand in the way of an UPDATE or DELETE made with them in place.
 */
export const tamper = (dataDir: string, edit: (db: Database.Database) => void): void => {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    APPEND_ONLY_TRIGGERS.forEach((t) => db.exec(`DROP TRIGGER IF EXISTS ${t}`));
    db.transaction(() => edit(db))();
  } finally {
    db.close();
  }
};

export const alterData = (dataDir: string, nctId: string, revision: number, change: Record<string, unknown>): void =>
  tamper(dataDir, (db) => {
    const stream = `trial-${nctId}`;
    const row = db
      .prepare<[string, number], { data: string }>('SELECT data FROM events WHERE stream_id = ? AND revision = ?')
      .get(stream, revision);
    if (!row) throw new Error(`No revision ${revision} of ${nctId}`);
    const changed = JSON.stringify({ ...JSON.parse(row.data), ...change });
    db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(changed, stream, revision);
  });

export const deleteEvent = (dataDir: string, nctId: string, revision: number): void =>
  tamper(dataDir, (db) => {
    const deleted = db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(`trial-${nctId}`, revision);
    if (deleted.changes !== 1) throw new Error(`No revision ${revision} of ${nctId}`);
  });

/** Swaps two events' revisions (through a free number: (stream_id, revision) is unique). */
export const swapRevisions = (dataDir: string, nctId: string, a: number, b: number): void =>
  tamper(dataDir, (db) => {
    const stream = `trial-${nctId}`;
    const move = db.prepare('UPDATE events SET revision = ? WHERE stream_id = ? AND revision = ?');
    move.run(-1, stream, a);
    move.run(a, stream, b);
    move.run(b, stream, -1);
  });

type StoredRow = {
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
};

/**
 * Changes one event's data and recomputes the hash of it and of every later event of its stream, as someone who
 * knows the format could: the chain verifies afterwards; only a signed checkpoint tells.
 */
export const rewriteWithHashes = (dataDir: string, nctId: string, revision: number, change: Record<string, unknown>): void =>
  tamper(dataDir, (db) => {
    const rows = db.prepare<[string], StoredRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(`trial-${nctId}`);
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
    let previousHash = GENESIS_HASH;
    for (const row of rows) {
      const metadata = JSON.parse(row.metadata) as EventMetadata & { integrity: { previousHash: string; hash: string } };
      if (row.revision < revision) {
        previousHash = metadata.integrity.hash;
        continue;
      }
      const data = row.revision === revision ? { ...JSON.parse(row.data), ...change } : JSON.parse(row.data);
      const event = {
        streamId: row.stream_id,
        revision: row.revision,
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
      };
      const hash = eventHash({ ...event, data, metadata }, previousHash);
      update.run(
        JSON.stringify(data),
        JSON.stringify({ ...metadata, integrity: { ...metadata.integrity, previousHash, hash } }),
        row.stream_id,
        row.revision,
      );
      previousHash = hash;
    }
  });
