import { randomBytes } from 'node:crypto';
import { TestDatabase, postgresForTests } from '../support/postgres';
import { withClient } from '../support/postgres/databases';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

// The first test of a worker may start the throwaway server.
jest.setTimeout(90_000);

type Ready = { status: number; body: { failed?: string[]; checks: Record<string, { ok: boolean; detail: string }> } };

/** The same URL as another role (the test server trusts local connections). */
const as = (url: string, role: string): string => {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
};

const sql = (url: string, text: string) => withClient(url, (c) => c.query(text));

describe('/health/ready when the PostgreSQL event store cannot be written (a service role that may only read and append)', () => {
  const suffix = randomBytes(4).toString('hex');
  const [owner, service] = [`ready_owner_${suffix}`, `ready_service_${suffix}`];
  let db: TestDatabase;
  let t: TestApp;
  let ownerUrl: string;
  let name: string;
  let location: string;
  let trial = 0;

  const ready = async (): Promise<Ready> => {
    const res = await t.http.get('/health/ready');
    return { status: res.status, body: res.body };
  };
  const readyWhen = async (status: number, what: string): Promise<Ready> => {
    let last: Ready | null = null;
    await waitFor(async () => (last = await ready()).status === status, what, { timeoutMs: 30_000, everyMs: 100 });
    return last!;
  };
  const register = () =>
    t.http
      .post('/trials')
      .set('Authorization', t.token('operator'))
      .send(registerBody(`NCT07${String(++trial).padStart(6, '0')}`));
  // Sessions take a database's defaults when they start: a failover or a restart gives the service new ones.
  const endServiceSessions = () =>
    withClient(db.url, (c) =>
      c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND datname = $2', [service, name]),
    );

  beforeAll(async () => {
    db = await postgresForTests();
    name = new URL(db.url).pathname.slice(1);
    await sql(db.url, `CREATE ROLE ${owner} LOGIN; CREATE ROLE ${service} LOGIN;`);
    // The service keeps its other tables (access log, relay checkpoint) in schemas of its own.
    await sql(db.url, `GRANT CREATE ON DATABASE ${name} TO ${owner}, ${service}; GRANT CREATE ON SCHEMA public TO ${service}`);
    ownerUrl = as(db.url, owner);
    const serviceUrl = as(db.url, service);
    const u = new URL(serviceUrl);
    location = `${u.hostname}:${u.port}/${name}`;
    t = await startTestApp({
      storage: {
        eventStore: 'postgres',
        readModelStore: 'sqlite',
        databaseUrl: serviceUrl,
        databaseMigrationUrl: ownerUrl,
        runWorker: true,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.dispose();
    await sql(db.url.replace(/\/[^/]+$/, '/postgres'), `DROP ROLE IF EXISTS ${service}; DROP ROLE IF EXISTS ${owner};`);
  });

  it('is ready, naming the server and database it wrote to', async () => {
    await register().expect(201);
    const ok = await readyWhen(200, 'ready');
    expect(ok.body.checks.eventStoreWrites).toEqual({ ok: true, detail: `event store at ${location} took a write` });
  });

  it('answers 503 while the service role may not INSERT into the log, and 200 once it may again', async () => {
    await sql(ownerUrl, `REVOKE INSERT ON event_store.events FROM ${service}`);
    const revoked = await readyWhen(503, 'readiness to fail on the revoked INSERT');
    expect(revoked.body.failed).toEqual(['eventStoreWrites']);
    expect(revoked.body.checks.eventStoreWrites.detail).toBe(
      `event store at ${location} cannot be written: the service role may not INSERT into event_store.events`,
    );
    expect((await register()).status).not.toBe(201);
    await sql(ownerUrl, `GRANT INSERT ON event_store.events TO ${service}`);
    await readyWhen(200, 'ready again once granted');
    await register().expect(201);
  });

  it('answers 503 on a database made read-only (default_transaction_read_only), and 200 once writable, without a restart', async () => {
    await sql(db.url, `ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    await endServiceSessions();
    const readOnly = await readyWhen(503, 'readiness to fail on the read-only database');
    expect(readOnly.body.failed).toEqual(['eventStoreWrites']);
    expect(readOnly.body.checks.eventStoreWrites.detail).toMatch(
      new RegExp(`^event store at ${location} cannot be written: .*read-only transaction`),
    );
    expect(readOnly.body.checks.eventStore.ok).toBe(true);
    expect((await register()).status).toBe(503);
    // Only a new session sees the change: the probe closes the sessions that failed its write.
    // From another database: every new session of this one starts read-only, the test's own too.
    await sql(db.url.replace(/\/[^/]+$/, '/postgres'), `ALTER DATABASE ${name} RESET default_transaction_read_only`);
    await readyWhen(200, 'ready again once the database is writable');
    await register().expect(201);
    const head = (await t.http.get('/health').expect(200)).body.eventStore.headPosition;
    expect(await t.store.headPosition()).toBe(head);
    expect((await t.store.readAll({ after: 0, maxCount: 100 })).map((e) => e.streamId)).toEqual([
      'trial-NCT07000001',
      'trial-NCT07000003',
      'trial-NCT07000005',
    ]);
  });
});
