import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

describe('concurrency, idempotency and read-your-writes', () => {
  let t: TestApp;
  let operator: string;

  beforeEach(async () => {
    t = await startTestApp();
    operator = t.token('operator');
    await t.http.post('/trials').set('Authorization', operator).send(registerBody()).expect(201);
  });
  afterEach(() => t.close());

  it('applies every one of many parallel commands on one trial: no lost update', async () => {
    const cities = Array.from({ length: 25 }, (_, i) => `City ${i}`);
    const responses = await Promise.all(
      cities.map((city) => t.http.post('/trials/NCT06171906/sites').set('Authorization', operator).send(siteBody(city))),
    );
    expect(responses.map((r) => r.status)).toEqual(cities.map(() => 201));
    const events = await t.store.readStream('trial-NCT06171906');
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    const trial = await t.http.get('/trials/NCT06171906?minRevision=26').set('Authorization', operator);
    expect(trial.body.sites.map((s: { city: string }) => s.city).sort()).toEqual([...cities].sort());
  });

  it('lets exactly one of several commands pinned to the same If-Match revision through; the others get 412', async () => {
    const targets = ['RECRUITING', 'ENROLLING_BY_INVITATION', 'ACTIVE_NOT_RECRUITING', 'RECRUITING'];
    const responses = await Promise.all(
      targets.map((s) =>
        t.http.post('/trials/NCT06171906/status').set('Authorization', operator).set('If-Match', '"1"').send(statusBody(s)),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(3);
    expect(await t.store.streamRevision('trial-NCT06171906')).toBe(2);
  });

  it('answers a retried command with the first result and appends nothing', async () => {
    const send = () =>
      t.http
        .post('/trials/NCT06171906/status')
        .set('Authorization', operator)
        .set('Idempotency-Key', 'retry-1')
        .send(statusBody('RECRUITING'));
    const first = await send();
    const second = await send();
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect({ ...second.body, replayed: false }).toEqual(first.body);
    expect(await t.store.streamRevision('trial-NCT06171906')).toBe(2);
  });

  it('appends once when the same Idempotency-Key arrives in parallel', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http.post('/trials/NCT06171906/sites').set('Authorization', operator).set('Idempotency-Key', 'k-par').send(siteBody('Guangzhou')),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.siteId)).size).toBe(1);
    expect(await t.store.streamRevision('trial-NCT06171906')).toBe(2);
  });

  it('refuses an Idempotency-Key reused for a different command with 422', async () => {
    await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', operator)
      .set('Idempotency-Key', 'k1')
      .send(statusBody('RECRUITING'));
    const res = await t.http
      .post('/trials/NCT06171906/status')
      .set('Authorization', operator)
      .set('Idempotency-Key', 'k1')
      .send(statusBody('ACTIVE_NOT_RECRUITING'));
    expect(res.status).toBe(422);
    expect(await t.store.streamRevision('trial-NCT06171906')).toBe(2);
  });

  it('shows a write to the next read that names its revision or position', async () => {
    for (let i = 0; i < 5; i++) {
      const write = await t.http
        .post('/trials/NCT06171906/sites')
        .set('Authorization', operator)
        .send(siteBody(`Town ${i}`));
      const trial = await t.http.get(`/trials/NCT06171906?minRevision=${write.body.revision}`).set('Authorization', operator);
      expect(trial.body.sites).toHaveLength(i + 1);
      const history = await t.http.get(`/trials/NCT06171906/history?minRevision=${write.body.revision}`).set('Authorization', operator);
      expect(history.body.entries).toHaveLength(i + 2);
      const list = await t.http.get(`/trials?minPosition=${write.body.position}`).set('Authorization', operator);
      expect(list.body.items[0].siteCount).toBe(i + 1);
    }
  });

  it('rejects a minRevision the trial never reached with 400', async () => {
    const res = await t.http.get('/trials/NCT06171906?minRevision=9').set('Authorization', operator);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ field: 'minRevision', message: 'trial NCT06171906 has only revision 1' });
  });
});
