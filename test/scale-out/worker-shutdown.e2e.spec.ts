import request from 'supertest';
import { PostgresEventStore } from '@trial-ledger/event-store';
import { signToken } from '@trial-ledger/platform';
import { HealthBody, healthOver, healthWhen, problemsIn } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { LoadClient } from '../support/load/http-client';
import { readWholeLog } from '../support/load/log-audit';
import { captureServedTrials, compareWithLog } from '../support/load/read-model-check';
import { checkpointCoverage } from '../support/projection-checkpoints';
import { TEST_SECRET } from '../support/test-app';
import { CommandStream, nctIdFor } from '../support/trial-workload';

jest.setTimeout(240_000);

const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;

/** The docker-compose shape under load: API processes that only serve requests, and the worker app, SIGTERMed. */
describe('SIGTERM on the worker app (PostgreSQL; needs npm run build)', () => {
  let fleet: PostgresFleet;
  beforeAll(async () => {
    fleet = await PostgresFleet.create();
  });
  afterAll(() => fleet?.dispose());

  it('exits 0 promptly mid-load with checkpoints covering exactly what it applied; its successor doubles nothing', async () => {
    const apis = [await fleet.start('api', { RUN_WORKER: 'false' }), await fleet.start('api', { RUN_WORKER: 'false' })];
    const health = healthOver(request(apis[0].url));
    const worker = await fleet.start('worker');
    const streams = apis.map((api, i) => new CommandStream(request(api.url), auth, 1 + i * 10_000, 3));

    // SIGTERM while the worker is busy: commands are flowing and it has applied some but not all of them.
    await streams[0].waitFor(60);
    await healthWhen(health, (h) => h.readModels.position > 0);
    const signalled = Date.now();
    expect(await worker.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
    // A bound against hanging until the 10 s drain deadline cuts connections, not a speed requirement.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(problemsIn(worker.logLines())).toEqual([]);

    const coverage = await checkpointCoverage(fleet.db.url);
    expect(coverage.map((c) => c.checkpoint)).toEqual(coverage.map((c) => c.lastApplied));
    const stoppedAt = await health();
    await streams[1].waitFor(30); // commands are still taken with no worker
    expect((await health()).readModels.position).toBe(stoppedAt.readModels.position);
    expect(stoppedAt.readModels.position).toBeLessThan((await health()).eventStore.headPosition);

    await fleet.start('worker');
    await Promise.all(streams.map((s) => s.waitFor(30)));
    await Promise.all(streams.map((s) => s.stop()));
    expect(streams.flatMap((s) => s.failures)).toEqual([]);
    await verifyAgainstLog(fleet, apis[1].url, await healthWhen(health, (h) => h.readModels.lag === 0));
  });
});

/**
 * After the restart: every trial served equals the fold of its events, with one history entry per event
 * (an event applied twice across the restart would show as a repeated revision, or stall the projection).
 */
const verifyAgainstLog = async (fleet: PostgresFleet, url: string, caughtUp: HealthBody): Promise<void> => {
  const store = await PostgresEventStore.open(fleet.db.url);
  try {
    const log = await readWholeLog(store);
    expect(log).toHaveLength(caughtUp.eventStore.headPosition);
    const nctIds = [...new Set(log.map((e) => e.streamId.replace(/^trial-/, '')))];
    expect(nctIds).toContain(nctIdFor(1));
    expect(compareWithLog(await captureServedTrials(new LoadClient(url), nctIds), log)).toEqual([]);
    const coverage = await checkpointCoverage(fleet.db.url);
    expect(coverage.map((c) => c.checkpoint)).toEqual(coverage.map(() => caughtUp.eventStore.headPosition));
  } finally {
    await store.close();
  }
};
