import { TestApp, startTestApp } from '../support/test-app';
import { siteBody } from '../support/trials';
import { alterData, deleteEvent, swapRevisions, tamper, trialWithHistory } from '../support/tamper';

const NCT = 'NCT06171906';
const OTHER = 'NCT05131412';

describe('tamper evidence: GET /trials/{nctId}/verify', () => {
  let t: TestApp;
  let auditor: string;

  // A fresh app per case: each tampering is judged on its own, intact log.
  beforeEach(async () => {
    t = await startTestApp();
    auditor = t.token('auditor');
    await trialWithHistory(t, NCT);
    await trialWithHistory(t, OTHER);
  });
  afterEach(() => t.close());

  const verify = async (nctId = NCT) => {
    const res = await t.http.get(`/trials/${nctId}/verify`).set('Authorization', auditor);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('verifies an intact trial, chained event by event as it was recorded', async () => {
    t.clock.advance(60_000);
    expect(await verify()).toEqual({
      nctId: NCT,
      verified: true,
      events: 5,
      firstBrokenRevision: null,
      problem: null,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      verifiedAt: '2025-01-15T10:01:00.000Z',
    });
    const events = await t.store.readStream(`trial-${NCT}`);
    expect(events[0].metadata.integrity).toMatchObject({ algorithm: 'sha256', previousHash: '0'.repeat(64) });
    expect(events[4].metadata.integrity).toMatchObject({ previousHash: (events[3].metadata.integrity as { hash: string }).hash });
  });

  it('stays intact when a command loses the race and is decided again (it links to the newer head)', async () => {
    const op = t.token('operator');
    const append = t.store.appendToStream.bind(t.store);
    // Another command is appended between the first one's read and its append, so that append conflicts.
    const race = jest.spyOn(t.store, 'appendToStream').mockImplementationOnce(async (...args) => {
      await t.http.post(`/trials/${NCT}/sites`).set('Authorization', op).send(siteBody('Lyon')).expect(201);
      return append(...args);
    });
    await t.http.post(`/trials/${NCT}/sites`).set('Authorization', op).send(siteBody('Boston')).expect(201);
    expect(race).toHaveBeenCalledTimes(3);
    expect(await verify()).toMatchObject({ verified: true, events: 7 });
  });

  it('names the altered event when stored data is changed', async () => {
    alterData(t.dataDir, NCT, 4, { count: 120 });
    expect(await verify()).toMatchObject({
      verified: false,
      events: 5,
      firstBrokenRevision: 4,
      problem: expect.stringMatching(/^content altered/),
      headHash: null,
    });
    expect(await verify(OTHER)).toMatchObject({ verified: true });
  });

  it('names the missing revision when a middle event is deleted', async () => {
    deleteEvent(t.dataDir, NCT, 3);
    expect(await verify()).toMatchObject({
      verified: false,
      events: 4,
      firstBrokenRevision: 3,
      problem: expect.stringMatching(/^revision missing: revision 3/),
    });
  });

  it('names the first moved event when two events swap revisions', async () => {
    swapRevisions(t.dataDir, NCT, 2, 4);
    expect(await verify()).toMatchObject({
      verified: false,
      events: 5,
      firstBrokenRevision: 2,
      problem: expect.stringMatching(/^out of order: .* revision 2 was recorded as revision 4/),
    });
  });

  it('names the metadata edit too (who, why and when are covered)', async () => {
    tamper(t.dataDir, (db) => {
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone-else') WHERE stream_id = ? AND revision = 2").run(
        `trial-${NCT}`,
      );
    });
    expect(await verify()).toMatchObject({ verified: false, firstBrokenRevision: 2, problem: expect.stringMatching(/^content altered/) });
  });

  it('answers 404 for an unknown trial and 403 for a reader', async () => {
    expect((await t.http.get('/trials/NCT00000001/verify').set('Authorization', auditor)).status).toBe(404);
    expect((await t.http.get(`/trials/${NCT}/verify`).set('Authorization', t.token('reader'))).status).toBe(403);
    expect((await t.http.get(`/trials/${NCT}/verify`).set('Authorization', t.token('operator'))).status).toBe(200);
  });
});
