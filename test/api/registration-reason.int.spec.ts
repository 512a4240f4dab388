import { TestApp, startTestApp } from '../support/test-app';
import { registerBody } from '../support/trials';

/*
 * A registration creates the record; ICH E6(R3) and Part 11 ask for the reason of a change to it. So a registration
 * may say why the trial enters the ledger, and the audit trail keeps exactly what was said: nothing when nothing was,
 * never a reason the service wrote in the user's name (docs/audit.md, "What is recorded").
 */
describe('a registration and its reason', () => {
  let t: TestApp;
  // App start-up alone can take more than jest's 5 s default on a loaded machine.
  beforeAll(async () => (t = await startTestApp()), 30_000);
  afterAll(() => t.close());

  const registered = async (nctId: string, reason?: string) => {
    const { reason: _, ...body } = registerBody(nctId);
    await t.http
      .post('/trials')
      .set('Authorization', t.token('operator', 'olga'))
      .send(reason === undefined ? body : { ...body, reason })
      .expect(201);
    const history = await t.http.get(`/trials/${nctId}/history?minRevision=1`).set('Authorization', t.token('auditor')).expect(200);
    const [event] = await t.store.readStream(`trial-${nctId}`);
    return { entry: history.body.entries[0], metadata: event.metadata };
  };

  it('without a reason, is recorded with none: the trail shows no reason that was not given', async () => {
    const { entry, metadata } = await registered('NCT05131412');
    expect(entry).toMatchObject({ type: 'TrialRegistered', actor: 'olga', reason: null });
    expect(metadata.reason).toBeUndefined();
  });

  it('with a reason, keeps it as given', async () => {
    const { entry, metadata } = await registered('NCT06171906', 'Protocol approved by the ethics committee');
    expect(entry).toMatchObject({ type: 'TrialRegistered', reason: 'Protocol approved by the ethics committee' });
    expect(metadata.reason).toBe('Protocol approved by the ethics committee');
  });
});
