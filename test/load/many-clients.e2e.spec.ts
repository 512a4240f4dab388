import { PostgresEventStore } from '@trial-ledger/event-store';
import { PostgresFleet } from '../support/fleet';
import { LoadClient } from '../support/load/http-client';
import { runAndReport, verifyMixedRun } from '../support/load/mixed-run-check';
import { nctIdFor } from '../support/trial-workload';

jest.setTimeout(240_000);

const HOT_TRIALS = [nctIdFor(1), nctIdFor(2), nctIdFor(3), nctIdFor(4)];
// As on SQLite (many-clients.int.spec.ts): 10 rounds give every kind of client each of its moves, and the races
// are asserted; the 20 rounds before doubled the commands without a new case.
const ROUNDS = 10;

/**
 * Beyond test/scale-out (blind AddSite races on one trial): the same mixed workload as on SQLite, spread over
 * two API processes, so If-Match races and Idempotency-Key retries are decided across processes by PostgreSQL.
 */
describe('64 clients over two API processes on one PostgreSQL (needs npm run build)', () => {
  let fleet: PostgresFleet;
  beforeAll(async () => {
    fleet = await PostgresFleet.create();
  });
  afterAll(() => fleet?.dispose());

  it('applies or refuses (409/412) every command, loses no update, and serves exactly the fold of the log', async () => {
    const apis = [await fleet.start('api'), await fleet.start('api')];
    const urls = apis.map((a) => a.url);
    const run = await runAndReport('many-clients (PostgreSQL, 2 APIs)', {
      urls,
      clients: 64,
      rounds: ROUNDS,
      hotTrials: HOT_TRIALS,
      firstOwnTrial: 100,
    });
    await verifyMixedRun(run, new LoadClient(urls[1]), { openStore: () => PostgresEventStore.open(fleet.db.url) });
  });
});
