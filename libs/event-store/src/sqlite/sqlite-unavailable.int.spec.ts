import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

jest.setTimeout(30_000);

/*
 * Failures of the file itself are the service's condition, not the client's: they must reach the HTTP layer
 * as EventStoreUnavailableError (503), and a refused append must leave nothing behind. The read-only and
 * full-disk cases need an unprivileged process or a lowered file-size limit: test/faults covers them.
 */
describe('SqliteEventStore when the database cannot take writes', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-unavailable-'));
    store = SqliteEventStore.open(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers EventStoreUnavailableError while another writer holds the lock past the busy timeout, then appends again', async () => {
    await store.appendToStream('s', [newEvent()], 'no_stream');
    const other = new Database(join(dir, 'events.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const refused = await store.appendToStream('s', [newEvent()], 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(EventStoreUnavailableError);
    expect((refused as Error).message).toMatch(/SQLITE_BUSY/);
    other.exec('ROLLBACK');
    other.close();
    expect(await store.readStream('s')).toHaveLength(1);
    await expect(store.appendToStream('s', [newEvent()], 1)).resolves.toEqual({ nextRevision: 2, lastPosition: 2 });
  });

  it('keeps a client error a client error: a stale revision is not an outage', async () => {
    await store.appendToStream('s', [newEvent()], 'no_stream');
    await expect(store.appendToStream('s', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
