import { ApiSchemas, TrialLedgerClient, createTrialLedgerClient } from '@trial-ledger/api-client';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthWhen } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { TEST_SECRET } from '../support/test-app';
import { registerBody, siteBody } from '../support/trials';

jest.setTimeout(240_000);

const NCT = 'NCT06171906';
// Through the typed client (libs/api-client), as a team downstream would call the processes.
const client = (api: ApiProcess): TrialLedgerClient =>
  createTrialLedgerClient({ baseUrl: api.url, token: signToken(TEST_SECRET, 'operator-1', 'operator') });
const health = (api: ApiProcess) => async (): Promise<ApiSchemas['Health']> => {
  const { data, response } = await client(api).GET('/health');
  if (!data) throw new Error(`/health of ${api.url} answered ${response.status}`);
  return data;
};
const leader = async (api: ApiProcess): Promise<boolean> => (await health(api)()).worker.leader;

/**
 * Adds `count` sites at once, spread over the processes; returns the cities acknowledged. A command that kept
 * losing the race may be refused with 409 (and then appended nothing); anything else fails the test.
 */
const addSites = async (apis: ApiProcess[], from: number, count: number): Promise<string[]> => {
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const city = `City ${from + i}`;
      const { response, error } = await client(apis[i % apis.length]).POST('/trials/{nctId}/sites', {
        params: { path: { nctId: NCT } },
        body: siteBody(city) as ApiSchemas['AddSiteDto'],
      });
      if (response.status !== 201 && !(response.status === 409 && /concurrency-conflict/.test(error?.type ?? ''))) {
        throw new Error(`AddSite ${city} got ${response.status}: ${JSON.stringify(error)}`);
      }
      return response.status === 201 ? city : null;
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
    const registered = await client(a).POST('/trials', { body: registerBody(NCT) as ApiSchemas['RegisterTrialDto'] });
    expect(registered.response.status).toBe(201);
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
    const path = { nctId: NCT };
    const trial = await client(standby).GET('/trials/{nctId}', { params: { path } });
    expect(trial.data?.revision).toBe(head);
    expect(trial.data?.sites.map((site) => site.city).sort()).toEqual([...acknowledged].sort());
    const history = await client(standby).GET('/trials/{nctId}/history', { params: { path } });
    expect(history.data?.entries.map((e) => e.revision)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });
});
