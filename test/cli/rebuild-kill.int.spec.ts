import { cliInProcess } from '../support/cli';
import { killOn, startCli } from '../support/cli-child';
import { registerBody, statusBody } from '../support/trials';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(120_000);

describe('cli rebuild killed in each phase while the API serves', () => {
  let t: TestApp;
  let trials = 0;
  beforeAll(async () => {
    t = await startTestApp();
    for (; trials < 200; trials++) {
      const res = await t.http
        .post('/trials')
        .set('Authorization', t.token('operator'))
        .send(registerBody(`NCT05${String(trials).padStart(6, '0')}`));
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  /** The live models serve every trial, and a command acknowledged now is shown at its revision. */
  const expectServing = async () => {
    const reader = t.token('reader');
    const nctId = `NCT05${String(trials++).padStart(6, '0')}`;
    const registered = await t.http.post('/trials').set('Authorization', t.token('operator')).send(registerBody(nctId));
    expect(registered.status).toBe(201);
    const moved = await t.http.post(`/trials/${nctId}/status`).set('Authorization', t.token('operator')).send(statusBody('RECRUITING'));
    const shown = await t.http.get(`/trials/${nctId}?minRevision=${moved.body.revision}`).set('Authorization', reader);
    expect([shown.status, shown.body.status]).toEqual([200, 'RECRUITING']);
    const list = await t.http.get(`/trials?minPosition=${moved.body.position}&limit=1`).set('Authorization', reader);
    expect([list.status, list.body.total]).toEqual([200, trials]);
  };

  it.each(['build', 'catch-up', 'compare', 'swap'])('killed in %s: the live models keep serving, complete', async (phase) => {
    const killed = await killOn(startCli(t.dataDir, 'rebuild'), `rebuilding: ${phase}\n`);
    expect(killed.signal).toBe('SIGKILL');
    await expectServing();
  });

  it('then rebuild --resume completes, finds the live models equal, and swaps them in', async () => {
    const run = await cliInProcess(t.dataDir, 'rebuild', '--resume');
    expect([run.code, run.stderr]).toEqual([0, expect.stringMatching(/^resuming: build\n/)]);
    expect(run.stdout).toMatch(/\n {2}trials differing: 0\n/);
    await expectServing();
  });
});
