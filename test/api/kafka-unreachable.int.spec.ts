import { Logger } from '@nestjs/common';
import { createServer } from 'node:net';
import { loadConfig } from '@trial-ledger/platform';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, statusBody } from '../support/trials';

/** A port on this machine that nothing listens on: connections to it are refused at once. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const waitFor = async (condition: () => Promise<boolean>, what: string): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('with Kafka configured but unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const kafka = loadConfig({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}` }).kafka;
    t = await startTestApp({ kafka });
  });
  afterAll(async () => {
    await t.close();
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('the API starts, commands still succeed, and /health reports the relay retrying with its lag', async () => {
    const operator = t.token('operator');
    expect((await t.http.post('/trials').set('Authorization', operator).send(registerBody('NCT06171906'))).status).toBe(201);
    const res = await t.http.post('/trials/NCT06171906/status').set('Authorization', operator).send(statusBody('RECRUITING'));
    expect(res.status).toBe(200);
    await waitFor(async () => (await t.http.get('/health')).body.kafkaRelay.consecutiveFailures > 0, 'a failed publish');
    const health = (await t.http.get('/health')).body;
    expect(health).toMatchObject({
      status: 'ok',
      eventStore: { headPosition: 2 },
      readModels: { lag: 0 },
      kafkaRelay: { enabled: true, state: 'retrying', position: 0, lag: 2, lastError: expect.any(String) },
    });
    expect(await t.store.headPosition()).toBe(2);
  });
});
