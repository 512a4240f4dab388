import request from 'supertest';
import { Client } from 'pg';
import { ApiProcess } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

const get = async (url: string, path: string): Promise<Answer> => {
  const res = await request(url).get(path).timeout(10_000);
  return { status: res.status, contentType: String(res.headers['content-type']), body: res.body as Record<string, unknown> };
};

/** Polls `path` until `accept` holds and returns that answer; fails naming the last one seen. */
const answerWhen = async (url: string, path: string, accept: (a: Answer) => boolean): Promise<Answer> => {
  let last: Answer | null = null;
  await waitFor(
    async () => {
      last = await get(url, path);
      return accept(last);
    },
    `GET ${path} to answer as expected (last: ${JSON.stringify(last)})`,
    { timeoutMs: 30_000, everyMs: 200 },
  );
  return last as unknown as Answer;
};

/** The database refuses new sessions and loses the ones it had: an outage that the server itself reports. */
const takeAway = async (admin: Client, name: string): Promise<void> => {
  await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
};

const REFUSED = /database "\w+" is not currently accepting connections/;

describe('the worker app while its database is away (needs npm run build)', () => {
  let fleet: PostgresFleet;
  let admin: Client;
  let name: string;
  beforeAll(async () => {
    fleet = await PostgresFleet.create();
    const adminUrl = new URL(fleet.db.url);
    name = adminUrl.pathname.slice(1);
    adminUrl.pathname = '/postgres';
    admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin?.end();
    await fleet?.dispose();
  });

  it('answers 503 problem+json naming the cause on /health and /health/ready, as the API does, warns once, and recovers to 200', async () => {
    const worker: ApiProcess = await fleet.start('worker');
    const api: ApiProcess = await fleet.start('api', { RUN_WORKER: 'false' });
    await answerWhen(worker.url, '/health', (a) => a.status === 200 && (a.body.worker as { leader: boolean }).leader);
    await answerWhen(worker.url, '/health/ready', (a) => a.status === 200);
    await answerWhen(api.url, '/health', (a) => a.status === 200);

    await takeAway(admin, name);
    const health = await answerWhen(worker.url, '/health', (a) => a.status === 503 && REFUSED.test(String(a.body.cause)));
    expect(health.contentType).toMatch(/^application\/problem\+json/);
    expect(health.body).toMatchObject({ status: 503, type: expect.stringMatching(/\/unavailable$/), dependency: 'the read models' });
    const ready = await answerWhen(worker.url, '/health/ready', (a) => a.status === 503);
    expect(ready.contentType).toMatch(/^application\/problem\+json/);
    expect(ready.body).toMatchObject({ status: 503, failed: expect.arrayContaining(['eventStore', 'readModels']) });
    const checks = ready.body.checks as Record<string, { ok: boolean; detail: string }>;
    expect(checks.eventStore.detail).toMatch(REFUSED);
    expect(checks.readModels.detail).toMatch(REFUSED);
    for (let i = 0; i < 5; i++) expect((await get(worker.url, '/health')).status).toBe(503);
    // The API, with its own exception filter, answers the same document.
    const fromApi = await answerWhen(api.url, '/health', (a) => a.status === 503 && REFUSED.test(String(a.body.cause)));
    expect(fromApi).toEqual(health);

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await answerWhen(worker.url, '/health', (a) => a.status === 200);
    await answerWhen(worker.url, '/health/ready', (a) => a.status === 200);
    await answerWhen(api.url, '/health', (a) => a.status === 200);

    const log = worker.logLines();
    expect(log.filter((l) => l.context === 'ExceptionsHandler')).toEqual([]);
    expect(log.filter((l) => l.level === 'warn' && l.context === 'Health' && /unavailable/.test(l.msg))).toHaveLength(1);
    expect(log.filter((l) => l.context === 'Health' && /available again/.test(l.msg))).toHaveLength(1);
  });
});
