import request from 'supertest';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, healthOver, healthWhen } from '../support/api-process';
import { PostgresFleet } from '../support/fleet';
import { TEST_SECRET } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

jest.setTimeout(240_000);

const auth = `Bearer ${signToken(TEST_SECRET, 'operator-1', 'operator')}`;

/** The docker-compose shape: an API process that only serves requests, and the worker app doing the rest. */
describe('the worker app', () => {
  let fleet: PostgresFleet;
  beforeAll(async () => {
    fleet = await PostgresFleet.create();
  });
  afterAll(() => fleet?.dispose());

  it('runs the projections for an API with RUN_WORKER=false; when it dies commands still succeed and a new worker catches up', async () => {
    const api = await fleet.start('api', { RUN_WORKER: 'false' });
    const worker = await fleet.start('worker');
    const apiHealth = healthOver(request(api.url));
    const post = (path: string, body: object) => request(api.url).post(path).set('Authorization', auth).send(body);

    expect((await post('/trials', registerBody('NCT06171906'))).status).toBe(201);
    await healthWhen(apiHealth, (h) => h.readModels.lag === 0 && h.eventStore.headPosition === 1);
    expect((await apiHealth()).worker.leader).toBe(false);
    expect((await healthOver(request(worker.url))()).worker.leader).toBe(true);

    await worker.stop('SIGKILL');
    expect((await post('/trials/NCT06171906/status', statusBody('RECRUITING'))).status).toBe(200);
    expect((await apiHealth()).readModels.lag).toBe(1);

    await fleet.start('worker');
    // Read-your-writes across processes: the API waits until the other process's projections show revision 2.
    const read = await request(api.url).get('/trials/NCT06171906?minRevision=2').set('Authorization', auth);
    expect({ status: read.status, revision: read.body.revision }).toEqual({ status: 200, revision: 2 });
    await healthWhen(apiHealth, (h) => h.readModels.lag === 0 && h.eventStore.headPosition === 2);
    const history = await request(api.url).get('/trials/NCT06171906/history').set('Authorization', auth);
    expect(history.body.entries.map((e: { revision: number }) => e.revision)).toEqual([1, 2]);
  });

  it('refuses to start on the embedded SQLite stores, which belong to one process', async () => {
    await expect(ApiProcess.start({ DATA_DIR: fleet.dataDir(), JWT_SECRET: TEST_SECRET }, 'worker')).rejects.toThrow(
      /exited with 2:[\s\S]*the worker needs shared stores/,
    );
  });
});
