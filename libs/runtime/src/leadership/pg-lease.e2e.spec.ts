import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { FencedOutError } from '@trial-ledger/platform';
import { PgRelayCheckpoint } from '@trial-ledger/relay';
import { PgTrialReadModel, PgTrialViewProjection, ensureReadModelSchema } from '@trial-ledger/read-models';
import { StreamBuilder, registered } from '../../../ledger/src/testing/recorded-events';
import { TestDatabase, postgresForTests } from '../../../../test/support/postgres';
import { waitFor } from '../../../../test/support/wait-for';
import { PgLease } from './pg-lease';
import { PgLeaseLeadership } from './pg-lease-leadership';

jest.setTimeout(30_000);

/** A candidate on its own pool, recording what the background work would be told. */
const candidate = (url: string, leaseMs: number, name: string) => {
  const pool = new Pool({ connectionString: url, max: 1, application_name: 'trial-ledger-lease' });
  pool.on('error', () => undefined);
  const leadership = new PgLeaseLeadership(new PgLease(pool, name, leaseMs));
  const log: string[] = [];
  const start = () =>
    leadership.start({
      onElected: async () => void log.push(`elected ${leadership.currentTerm()}`),
      onDeposed: async () => void log.push('deposed'),
    });
  let ended: Promise<void> | null = null;
  const end = () => (ended ??= leadership.stop().then(() => pool.end()));
  return { leadership, log, start, end };
};

describe('PgLease on PostgreSQL (expiry by the database clock)', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await postgresForTests();
    pool = new Pool({ connectionString: db.url });
    await new PgLease(pool, 'any', 1000).ensureTable();
  });
  afterAll(async () => {
    await pool?.end();
    await db?.dispose();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('given a lease held, when another holder tries, then it waits for the expiry and takes over with the next term', async () => {
    const lease = new PgLease(pool, 'takeover', 300);
    const acquired = performance.now();
    expect(await lease.acquire('a')).toBe(1);
    expect(await lease.acquire('b')).toBeNull();

    let term: number | null = null;
    await waitFor(async () => (term = await lease.acquire('b')) !== null, 'b to take the lapsed lease', { timeoutMs: 5000 });
    expect(term).toBe(2);
    expect(performance.now() - acquired).toBeGreaterThanOrEqual(300 - 50);
    expect([await lease.renew(1, 'a'), await lease.holds(pool, 1)]).toEqual([false, false]);
    expect([await lease.renew(2, 'b'), await lease.holds(pool, 2)]).toEqual([true, true]);
  });

  it('given a lease renewed before it runs out, when another holder tries for longer than the lease, then it never wins', async () => {
    const lease = new PgLease(pool, 'renewed', 400);
    expect(await lease.acquire('a')).toBe(1);
    const until = performance.now() + 1200;
    while (performance.now() < until) {
      expect(await lease.renew(1, 'a')).toBe(true);
      expect(await lease.acquire('b')).toBeNull();
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('given a released lease, when another holder tries, then it wins at once; a term nobody took stays renewable', async () => {
    const lease = new PgLease(pool, 'released', 60_000);
    expect(await lease.acquire('a')).toBe(1);
    await lease.release(1);
    expect(await lease.acquire('b')).toBe(2);

    const lapsed = new PgLease(pool, 'lapsed', 200);
    expect(await lapsed.acquire('a')).toBe(1);
    await waitFor(
      async () => (await pool.query("SELECT 1 FROM leader_lease WHERE name = 'lapsed' AND expires_at <= now()")).rowCount === 1,
      'expiry',
      {
        timeoutMs: 3000,
      },
    );
    expect(await lapsed.renew(1, 'a')).toBe(true);
    expect(await lapsed.acquire('b')).toBeNull();
  });

  it('given two candidates at once on a free lease, when both try, then exactly one wins', async () => {
    const lease = new PgLease(pool, 'race', 60_000);
    const terms = await Promise.all(['a', 'b', 'c', 'd'].map((h) => lease.acquire(h)));
    expect(terms.filter((t) => t !== null)).toEqual([1]);
  });
});

describe('PgLeaseLeadership on PostgreSQL', () => {
  let db: TestDatabase;
  let admin: Pool;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await postgresForTests();
    admin = new Pool({ connectionString: db.url });
  });
  afterAll(async () => {
    await admin?.end();
    await db?.dispose();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('given a leader whose lease lapsed (as if paused), when a standby took over, then its fenced writes (relay checkpoint, projection batch) are refused and it steps down', async () => {
    const [a, b] = [candidate(db.url, 2000, 'lapsed'), candidate(db.url, 2000, 'lapsed')];
    try {
      await a.start();
      await b.start();
      expect([a.log, b.log]).toEqual([['elected 1'], []]);
      const checkpoint = new PgRelayCheckpoint(admin, 'fenced', a.leadership.fence);
      await checkpoint.save(10);

      // The lease runs out by the database's clock, A's renewals notwithstanding: what a paused A would see on waking.
      await admin.query("UPDATE leader_lease SET expires_at = now() - interval '1 second' WHERE name = 'lapsed'");
      await waitFor(() => b.leadership.isLeader(), 'the standby to take over', { timeoutMs: 2000 });
      expect(b.leadership.currentTerm()).toBe(2);

      await expect(checkpoint.save(20)).rejects.toThrow(FencedOutError);
      await expect(checkpoint.confirmTerm()).rejects.toThrow(FencedOutError);
      expect(await checkpoint.load()).toBe(10);
      await waitFor(() => a.log.includes('deposed'), 'the old leader to step down', { timeoutMs: 2000 });
      expect(a.leadership.isLeader()).toBe(false);

      await new PgRelayCheckpoint(admin, 'fenced', b.leadership.fence).save(20);
      expect(await checkpoint.load()).toBe(20);

      // A projection batch under the old term is refused whole: neither its rows nor its checkpoint land.
      await ensureReadModelSchema(admin);
      const event = new StreamBuilder().record(registered('NCT02985346'));
      const read = new PgTrialReadModel(admin, ['trial-view']);
      await expect(new PgTrialViewProjection(admin, a.leadership.fence).handle([event])).rejects.toThrow(FencedOutError);
      expect([await read.getTrial('NCT02985346'), await read.position()]).toEqual([null, 0]);
      await new PgTrialViewProjection(admin, b.leadership.fence).handle([event]);
      expect([(await read.getTrial('NCT02985346'))?.revision, await read.position()]).toEqual([1, event.position]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('given a leader, when its lease session is terminated, then it still leads; when it stops, the standby leads at once', async () => {
    const [a, b] = [candidate(db.url, 2000, 'terminated'), candidate(db.url, 2000, 'terminated')];
    try {
      await a.start();
      await b.start();
      const expiry = async () =>
        (await admin.query<{ at: Date }>("SELECT expires_at AS at FROM leader_lease WHERE name = 'terminated'")).rows[0].at.getTime();
      const before = await expiry();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'trial-ledger-lease' AND datname = current_database()",
      );
      // Renewals reconnect, so the lease moves on; a standby wins only if the leader failed to renew for a whole lease.
      await waitFor(async () => (await expiry()) > before, 'a renewal after the kill', { timeoutMs: 2000 });
      expect({ a: a.log, b: b.log, leaders: [a.leadership.isLeader(), b.leadership.isLeader()] }).toEqual({
        a: ['elected 1'],
        b: [],
        leaders: [true, false],
      });

      const stopping = performance.now();
      await a.end();
      await waitFor(() => b.leadership.isLeader(), 'the standby after a clean stop', { timeoutMs: 2000 });
      // Released, not run out: the standby's next try (every fifth of the lease) wins.
      expect(performance.now() - stopping).toBeLessThan(1000);
      expect([a.log, b.log]).toEqual([['elected 1', 'deposed'], ['elected 2']]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
