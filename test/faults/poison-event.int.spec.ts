import { NewEvent } from '@trial-ledger/event-store';
import { trialStreamId } from '@trial-ledger/ledger';
import { TrialReadModel } from '@trial-ledger/read-models';
import { AccessLog, SkipRefused, skipEvent } from '@trial-ledger/trials';
import { cliInProcess } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';
import { waitFor } from '../support/wait-for';

const POISONED = 'NCT05131412';
const BEHIND = 'NCT06171906';
const REASON = 'Written by a faulty bulk fix; no projection can apply it (ticket OPS-42)';

/** An event no code of this version knows, as a bad migration or a newer deploy's rollback would leave in the log. */
const poison = (): NewEvent => {
  const eventId = '00000000-0000-4000-8000-00000000dead';
  return {
    eventId,
    type: 'TrialTeleported',
    schemaVersion: 1,
    data: { to: 'Mars' },
    metadata: {
      eventId,
      commandId: eventId,
      correlationId: eventId,
      causationId: eventId,
      actor: 'migration',
      role: 'operator',
      recordedAt: '2025-01-15T10:00:00.000Z',
    },
  };
};

interface Fault {
  projection: string;
  event: { position: number; type: string; streamId: string } | null;
  error: string;
  attempts: number;
  retryInMs: number;
}

describe('a poison event in the log', () => {
  let t: TestApp;
  let poisonAt: number;
  let faults: Fault[];
  let ready: { status: number; body: { failed?: string[]; detail?: string; projectionFaults?: Fault[] } };

  const probe = async () => {
    ready = await t.http.get('/health/ready');
    faults = ready.body.projectionFaults ?? [];
    return ready;
  };
  const skip = (position: number, reason = REASON) =>
    skipEvent(
      { store: t.store, readModel: t.app.get(TrialReadModel), log: t.app.get(AccessLog), clock: t.clock },
      { position, reason, actor: 'olga' },
    );

  beforeAll(async () => {
    t = await startTestApp({ projections: { projectionRetryInitialMs: 50, projectionRetryMaxMs: 200 } });
    const olga = t.token('operator', 'olga');
    await t.http.post('/trials').set('Authorization', olga).send(registerBody(POISONED)).expect(201);
    await t.http.get(`/trials/${POISONED}?minRevision=1`).set('Authorization', olga).expect(200);
    poisonAt = (await t.store.appendToStream(trialStreamId(POISONED), [poison()], 1)).lastPosition;
    await t.http.post('/trials').set('Authorization', olga).send(registerBody(BEHIND)).expect(201);
    // The app's start and the setup requests: seconds on a loaded machine, well past jest's 5 s default.
  }, 30_000);
  afterAll(() => t.close());

  it('makes readiness 503 naming the projection, the position, the type and the error, retrying with backoff', async () => {
    await waitFor(
      async () => (await probe()).status === 503 && (faults[0]?.attempts ?? 0) >= 4,
      'four failed attempts on the poison event',
    );
    expect(ready.body.failed).toContain('projections');
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({
      projection: 'projection-thread',
      event: { position: poisonAt, type: 'TrialTeleported', streamId: trialStreamId(POISONED) },
      error: expect.stringMatching(/Unknown event type TrialTeleported/),
    });
    // 50, 100, 200 and then 200 ms: doubling up to the configured maximum.
    expect(faults[0].retryInMs).toBe(Math.min(200, 50 * 2 ** (faults[0].attempts - 1)));
    expect(ready.body.detail).toContain(`at position ${poisonAt} (TrialTeleported, stream trial-${POISONED})`);
  });

  it('holds back the events after it, which stay in the log: nothing acknowledged is lost', async () => {
    await t.http.get(`/trials/${BEHIND}`).set('Authorization', t.token('reader')).expect(404);
    expect((await t.store.readStream(trialStreamId(BEHIND))).length).toBe(1);
  });

  it('refuses a skip without a reason, of no event, of an event already applied, recording nothing', async () => {
    await expect(skip(poisonAt, '  ')).rejects.toThrow(SkipRefused);
    await expect(skip(poisonAt + 1000)).rejects.toThrow(/no event at position/);
    await expect(skip(1)).rejects.toThrow(/applied position 1 already/);
    const { total } = await t.app.get(AccessLog).list({ action: 'projection.skip', limit: 1, offset: 0 });
    expect(total).toBe(0);
  });

  it('is passed over once an operator skips it with a reason: ready again, the rest applied, the skip on the record', async () => {
    // The operator's way out, as documented: the CLI beside the running API (it takes no writer lock).
    const cli = await cliInProcess(t.dataDir, 'projection', 'skip', '--position', String(poisonAt), '--reason', REASON, '--actor', 'olga');
    expect(cli).toMatchObject({ code: 0, stdout: expect.stringContaining(`Skipped position ${poisonAt} (TrialTeleported`) });
    const again = await cliInProcess(
      t.dataDir,
      'projection',
      'skip',
      '--position',
      String(poisonAt),
      '--reason',
      REASON,
      '--actor',
      'olga',
    );
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('skipped already') });
    await waitFor(async () => (await probe()).status === 200, 'readiness after the skip', { timeoutMs: 5000 });
    await t.http.get(`/trials/${BEHIND}`).set('Authorization', t.token('reader')).expect(200);

    const auditor = t.token('auditor', 'audrey');
    const log = (await t.http.get('/access-log?action=projection.skip').set('Authorization', auditor).expect(200)).body;
    expect(log.items).toEqual([
      {
        id: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actor: 'olga',
        role: 'operator',
        channel: 'cli',
        action: 'projection.skip',
        nctId: POISONED,
        parameters: { position: poisonAt, type: 'TrialTeleported', streamId: trialStreamId(POISONED), reason: REASON },
      },
    ]);
    const mark = { position: poisonAt, type: 'TrialTeleported', reason: REASON, skippedBy: 'olga', skippedAt: log.items[0].at };
    const trial = (await t.http.get(`/trials/${POISONED}`).set('Authorization', auditor).expect(200)).body;
    expect(trial).toMatchObject({ revision: 1, skippedEvents: [mark] });
    const history = (await t.http.get(`/trials/${POISONED}/history`).set('Authorization', auditor).expect(200)).body;
    expect(history.entries.map((e: { revision: number }) => e.revision)).toEqual([1]);
    expect(history.skippedEvents).toEqual([mark]);
    // Skipped by the read models only: the event itself stays in the trial's stream, as it was written.
    expect((await t.store.readStream(trialStreamId(POISONED))).map((e) => e.type)).toEqual(['TrialRegistered', 'TrialTeleported']);
    const other = (await t.http.get(`/trials/${BEHIND}`).set('Authorization', auditor).expect(200)).body;
    expect(other.skippedEvents).toBeUndefined();
  });
});
