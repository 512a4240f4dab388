import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { TestDatabase, postgresForTests } from '../../../../test/support/postgres';
import { PgAdvisoryLeadership } from './pg-advisory-leadership';

jest.setTimeout(60_000);

const until = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A candidate that records what it was told, as the background work would act on it. */
const candidate = (url: string) => {
  const log: string[] = [];
  const leadership = new PgAdvisoryLeadership({ connectionString: url, lockKey: 4242, intervalMs: 100 });
  const start = () =>
    leadership.start({
      onElected: async () => {
        log.push('elected');
      },
      onDeposed: async () => {
        log.push('deposed');
      },
    });
  return { leadership, log, start };
};

describe('PgAdvisoryLeadership', () => {
  let db: TestDatabase;
  let admin: Client;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await postgresForTests();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.dispose();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it("elects exactly one; when the leader's connection dies it steps down and the other takes over", async () => {
    const a = candidate(db.url);
    const b = candidate(db.url);
    await a.start();
    await b.start();
    expect([a.leadership.isLeader(), b.leadership.isLeader()]).toEqual([true, false]);

    // For up to one interval both may believe they lead; the projections' checkpoint compare-and-set fences that.
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted`);
    await until(() => a.log.includes('deposed'), 'the old leader to step down');
    await until(() => a.leadership.isLeader() !== b.leadership.isLeader(), 'a new leader');

    const [leader, other] = a.leadership.isLeader() ? [a, b] : [b, a];
    await leader.leadership.stop();
    await until(() => other.leadership.isLeader(), 'the standby to take over after a clean stop');
    await other.leadership.stop();
    expect(a.log[0]).toBe('elected');
  });
});
