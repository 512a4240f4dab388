import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { NewEvent, PostgresEventStore } from '@trial-ledger/event-store';
import { GENESIS_HASH, chainEvents, checkAgainstCheckpoint, eventHash, signCheckpoint, verifyChain } from '@trial-ledger/ledger';
import { LogCheckpointer } from '@trial-ledger/runtime';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { withClient } from '../support/postgres/databases';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

// The first test of a worker may start the throwaway server.
jest.setTimeout(60_000);

const APPEND_ONLY = /event_store\.(events|checkpoints) is append-only: (UPDATE|DELETE|TRUNCATE) refused/;

const event = (n: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'TrialDetailsUpdated',
  schemaVersion: 1,
  data: { title: `Title ${n}` },
  metadata: {
    eventId: `e-${n}`,
    commandId: `c-${n}`,
    correlationId: `c-${n}`,
    causationId: `c-${n}`,
    actor: 'olga',
    role: 'operator',
    recordedAt: '2025-01-15T10:00:00.000Z',
    reason: 'why',
  },
});

/** The same URL as another role (the test server trusts local connections). */
const as = (url: string, role: string): string => {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
};

const sql = (url: string, text: string) => withClient(url, (c) => c.query(text));

describe('a log that resists tampering (PostgreSQL): a service role that may only read and append, triggers for everyone', () => {
  const suffix = randomBytes(4).toString('hex');
  const [owner, service] = [`ledger_owner_${suffix}`, `ledger_service_${suffix}`];
  const key = generateKeyPairSync('ed25519');
  let db: TestDatabase;
  let store: PostgresEventStore;
  let ownerUrl: string;
  let serviceUrl: string;

  const check = async () => {
    const checkpoints = store.logCheckpoints();
    const latest = await checkpoints.latest();
    return checkAgainstCheckpoint(latest!, key.publicKey, await store.headPosition(), await checkpoints.headsAt(latest!.position));
  };
  const signNow = async () => {
    const checkpoints = store.logCheckpoints();
    return checkpoints.append(signCheckpoint(await checkpoints.snapshot(), key.privateKey, key.publicKey, new Date()));
  };

  beforeAll(async () => {
    db = await postgresForTests();
    await sql(db.url, `CREATE ROLE ${owner} LOGIN; CREATE ROLE ${service} LOGIN;`);
    const name = new URL(db.url).pathname.slice(1);
    await sql(db.url, `GRANT CREATE ON DATABASE ${name} TO ${owner}; REVOKE CREATE ON DATABASE ${name} FROM PUBLIC;`);
    [ownerUrl, serviceUrl] = [as(db.url, owner), as(db.url, service)];
    store = await PostgresEventStore.open(serviceUrl, { migrationUrl: ownerUrl });
    for (const stream of ['trial-NCT05000001', 'trial-NCT05000002']) {
      const events = [1, 2, 3, 4].map((n) => event(n + (stream.endsWith('1') ? 0 : 10)));
      await store.appendToStream(stream, chainEvents(stream, 0, GENESIS_HASH, events), 'no_stream');
    }
  });
  afterAll(async () => {
    await store?.close();
    await db?.dispose();
    await sql(db.url.replace(/\/[^/]+$/, '/postgres'), `DROP ROLE IF EXISTS ${service}; DROP ROLE IF EXISTS ${owner};`);
  });

  it('lets the service role append and read, and nothing else: no UPDATE, DELETE, TRUNCATE, nor dropping the triggers', async () => {
    expect(await store.streamRevision('trial-NCT05000001')).toBe(4);
    expect((await store.readAll({ after: 0, maxCount: 100 })).length).toBe(8);
    for (const statement of [
      "UPDATE event_store.events SET data = '{}' WHERE revision = 2",
      'DELETE FROM event_store.events WHERE revision = 4',
      'TRUNCATE event_store.events',
      'DELETE FROM event_store.checkpoints',
    ])
      await expect(sql(serviceUrl, statement)).rejects.toThrow(/permission denied for table (events|checkpoints)/);
    await expect(sql(serviceUrl, 'DROP TRIGGER events_append_only ON event_store.events')).rejects.toThrow(
      /must be owner of (relation|table) events/,
    );
    await expect(sql(serviceUrl, 'ALTER TABLE event_store.events DISABLE TRIGGER ALL')).rejects.toThrow(
      /must be owner of (relation|table) events/,
    );
    expect((await store.readAll({ after: 0, maxCount: 100 })).length).toBe(8);
  });

  it("refuses an UPDATE, DELETE or TRUNCATE by the log's owner too, through the triggers", async () => {
    await signNow();
    for (const statement of [
      "UPDATE event_store.events SET data = '{}' WHERE revision = 2",
      'DELETE FROM event_store.events WHERE revision = 4',
      'TRUNCATE event_store.events',
      "UPDATE event_store.checkpoints SET signature = ''",
      'TRUNCATE event_store.checkpoints',
    ])
      await expect(sql(ownerUrl, statement)).rejects.toThrow(APPEND_ONLY);
    expect(await check()).toMatchObject({ ok: true });
  });

  it('detects, against the signed checkpoint, a rewrite with recomputed hashes and a cut tail made with the triggers dropped by hand', async () => {
    await sql(ownerUrl, 'DROP TRIGGER events_append_only ON event_store.events');
    // Revision 2 changed and every later hash recomputed: the stream's own chain verifies, only the checkpoint tells.
    let previousHash = GENESIS_HASH;
    for (const stored of await store.readStream('trial-NCT05000001')) {
      const data = stored.revision === 2 ? { title: 'Rewritten' } : stored.data;
      const hash = eventHash({ ...stored, data }, previousHash);
      const metadata = { ...stored.metadata, integrity: { algorithm: 'sha256', previousHash, hash } };
      await withClient(ownerUrl, (c) =>
        c.query('UPDATE event_store.events SET data = $1, metadata = $2 WHERE stream_id = $3 AND revision = $4', [
          JSON.stringify(data),
          JSON.stringify(metadata),
          stored.streamId,
          stored.revision,
        ]),
      );
      previousHash = hash;
    }
    expect(verifyChain(await store.readStream('trial-NCT05000001')).verified).toBe(true);
    expect(await check()).toMatchObject({ ok: false, problem: expect.stringMatching(/not those signed/) });
    await signNow();
    await sql(ownerUrl, "DELETE FROM event_store.events WHERE stream_id = 'trial-NCT05000002' AND revision = 4");
    expect(await check()).toMatchObject({ ok: false, problem: expect.stringMatching(/its tail was cut/) });
  });

  it('refuses a checkpoint signed with another key, and puts the triggers back when the store opens again', async () => {
    const other = generateKeyPairSync('ed25519');
    const checkpoints = store.logCheckpoints();
    await checkpoints.append(signCheckpoint(await checkpoints.snapshot(), other.privateKey, other.publicKey, new Date()));
    expect(await check()).toMatchObject({ ok: false, problem: 'its signature does not verify with the trusted public key' });
    await store.close();
    store = await PostgresEventStore.open(serviceUrl, { migrationUrl: ownerUrl });
    await expect(sql(ownerUrl, 'DELETE FROM event_store.events')).rejects.toThrow(APPEND_ONLY);
  });
});

describe('the service on PostgreSQL under a role that may only read and append to the log (DATABASE_MIGRATION_URL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const [owner, service] = [`ledger_owner_${suffix}`, `ledger_service_${suffix}`];
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await postgresForTests();
    const name = new URL(db.url).pathname.slice(1);
    await sql(db.url, `CREATE ROLE ${owner} LOGIN; CREATE ROLE ${service} LOGIN;`);
    // The owner creates the log's schema; the service, the read models' tables (rebuildable, not the record).
    await sql(db.url, `GRANT CREATE ON DATABASE ${name} TO ${owner}; GRANT CREATE ON SCHEMA public TO ${service};`);
    const storage = { eventStore: 'postgres', readModelStore: 'postgres', runWorker: true } as const;
    t = await startTestApp({ storage: { ...storage, databaseUrl: as(db.url, service), databaseMigrationUrl: as(db.url, owner) } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.dispose();
    await sql(db.url.replace(/\/[^/]+$/, '/postgres'), `DROP ROLE IF EXISTS ${service}; DROP ROLE IF EXISTS ${owner};`);
  });

  it('takes commands, serves them back, signs and verifies a checkpoint, while its role cannot change the log', async () => {
    const operator = t.token('operator');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody('NCT05000009')).expect(201);
    await t.http.post('/trials/NCT05000009/status').set('Authorization', operator).send(statusBody('RECRUITING')).expect(200);
    const trial = await t.http.get('/trials/NCT05000009?minRevision=2').set('Authorization', operator).expect(200);
    expect(trial.body).toMatchObject({ nctId: 'NCT05000009', status: 'RECRUITING' });
    const checkpointer = t.app.get(LogCheckpointer);
    await checkpointer.checkpointNow();
    expect(await checkpointer.verifyLatest()).toMatchObject({ ok: true });
    await expect(sql(as(db.url, service), 'DELETE FROM event_store.events')).rejects.toThrow(/permission denied for table events/);
    const { rows } = await withClient(db.url, (c) =>
      c.query<{ owner: string }>("SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'event_store' AND tablename = 'events'"),
    );
    expect(rows).toEqual([{ owner }]);
  });
});
