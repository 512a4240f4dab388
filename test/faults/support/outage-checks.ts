import request from 'supertest';
import { registerBody } from '../../support/trials';
import { Outcome, sendCommand } from './mixed-commands';

/** A refusal because the store is away: 503 problem+json asking to retry, never a 500 or a client error. */
export const expectUnavailable = (outcome: Outcome & { headers?: Record<string, string> }, what: string): void => {
  const seen = `${what}: ${JSON.stringify(outcome)}`;
  expect({ seen, status: outcome.status }).toEqual({ seen, status: 503 });
  expect(outcome.contentType).toMatch(/^application\/problem\+json/);
  expect(outcome.body).toMatchObject({ status: 503, type: expect.stringMatching(/unavailable$/) });
};

/** What the probes answer while the store is away: ready is 503 naming the check, live stays 200. */
export const probesDuringOutage = async (url: string) => {
  const ready = await request(url).get('/health/ready').timeout(30_000);
  const live = await request(url).get('/health/live').timeout(30_000);
  return { ready: { status: ready.status, failed: ready.body.failed as string[] }, live: live.status };
};

/** Sends a registration until one is acknowledged: the service came back by itself, without a restart. */
export const untilAcknowledged = async (url: string, auth: string, nctIds: () => string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  const refused: { nctId: string; outcome: Outcome }[] = [];
  while (Date.now() < deadline) {
    const nctId = nctIds();
    const outcome = await sendCommand(url, auth, '/trials', registerBody(nctId));
    if (outcome.status === 201) return { nctId, outcome, refused };
    refused.push({ nctId, outcome });
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No command was acknowledged within ${timeoutMs} ms after the store returned; last: ${JSON.stringify(refused.at(-1))}`);
};
