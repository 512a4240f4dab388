import request from 'supertest';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthOver, healthWhen } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { TEST_SECRET } from '../support/test-app';
import { registerBody, siteBody } from '../support/trials';

jest.setTimeout(240_000);

const NCT = 'NCT06171906';
const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;
const health = (api: ApiProcess) => healthOver(request(api.url));
const leader = async (api: ApiProcess): Promise<boolean> => (await health(api)()).worker.leader;

/**
 * Adds `count` sites at once, spread over the processes; returns the cities acknowledged. A command that kept
 * losing the race may be refused with 409 (and then appended nothing); anything else fails the test.
 */
const addSites = async (apis: ApiProcess[], from: number, count: number): Promise<string[]> => {
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const city = `City ${from + i}`;
      const res = await request(apis[i % apis.length].url)
        .post(`/trials/${NCT}/sites`)
        .set('Authorization', auth)
        .send(siteBody(city));
      if (res.status !== 201 && !(res.status === 409 && /concurrency-conflict/.test(res.body.type))) {
        throw new Error(`AddSite ${city} got ${res.status}: ${JSON.stringify(res.body)}`);
      }
      return res.status === 201 ? city : null;
    }),
  );
  return results.filter((c): c is string => c !== null);
};

/** Two API processes on one PostgreSQL: both take commands, one at a time runs the projections. */
describe('scale-out on PostgreSQL', () => {
  let fleet: PostgresFleet;
  beforeAll(async () => {
    fleet = await PostgresFleet.create();
  });
  afterAll(() => fleet?.dispose());

  it('loses no update under concurrent commands, and a standby takes over the projections with nothing lost or doubled', async () => {
    const [a, b] = [await fleet.start('api'), await fleet.start('api')];
    expect((await request(a.url).post('/trials').set('Authorization', auth).send(registerBody(NCT))).status).toBe(201);
    const acknowledged = await addSites([a, b], 0, 40);
    expect(acknowledged.length).toBeGreaterThan(0);

    await healthWhen(health(a), (h) => h.readModels.lag === 0 && h.eventStore.headPosition === 1 + acknowledged.length);
    const leaders = [await leader(a), await leader(b)];
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const [active, standby] = leaders[0] ? [a, b] : [b, a];

    const during = addSites([standby], 100, 30);
    await active.stop('SIGKILL');
    acknowledged.push(...(await during));
    await healthWhen(health(standby), (h) => h.worker.leader);
    acknowledged.push(...(await addSites([standby], 200, 10)));
    const head = 1 + acknowledged.length;
    await healthWhen(health(standby), (h) => h.readModels.lag === 0 && h.eventStore.headPosition === head);

    // No lost update: exactly the acknowledged sites. Nothing lost or doubled by the takeover: one history
    // entry per event, revisions 1..head.
    const trial = await request(standby.url).get(`/trials/${NCT}`).set('Authorization', auth);
    expect(trial.body.revision).toBe(head);
    expect(trial.body.sites.map((site: { city: string }) => site.city).sort()).toEqual([...acknowledged].sort());
    const history = await request(standby.url).get(`/trials/${NCT}/history`).set('Authorization', auth);
    expect(history.body.entries.map((e: { revision: number }) => e.revision)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });
});
