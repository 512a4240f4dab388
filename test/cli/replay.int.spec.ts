import { rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { SqliteAccessLog } from '../../libs/trials/src/infrastructure/access-log/sqlite-access-log';
import { cliInProcess } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

// In process: the compiled program's own smoke test is in program.int.spec.ts.
const cli = cliInProcess;
const NCT = 'NCT05131412';

/** Header lines start in column one; each is followed by its state, indented. */
const blocks = (stdout: string): { header: string; state: unknown }[] =>
  stdout
    .split(/\n(?=\S)/)
    .filter((b) => b.trim() !== '')
    .map((block) => {
      const [header, ...json] = block.split('\n');
      return { header, state: JSON.parse(json.join('\n')) };
    });

describe('npm run cli -- replay', () => {
  let t: TestApp;
  // What GET /trials/{nctId}/state answered at each revision: the CLI must print the very same states.
  const viaHttp: unknown[] = [];

  // App start-up and the setup requests can take more than jest's 5 s default on a loaded machine.
  beforeAll(async () => {
    t = await startTestApp();
    const op = t.token('operator', 'olga');
    await t.http.post('/trials').set('Authorization', op).send(registerBody(NCT)).expect(201);
    t.clock.advance(3_600_000);
    await t.http.post(`/trials/${NCT}/status`).set('Authorization', op).send(statusBody('RECRUITING')).expect(200);
    await t.http.post(`/trials/${NCT}/sites`).set('Authorization', op).send(siteBody('Guangzhou')).expect(201);
    for (const revision of [1, 2, 3]) {
      viaHttp.push((await t.http.get(`/trials/${NCT}/state?revision=${revision}`).set('Authorization', t.token('auditor'))).body.state);
    }
    // Closed, not removed: the CLI opens the same data directory afterwards.
    await t.app.close();
  }, 30_000);
  afterAll(() => rmSync(t.dataDir, { recursive: true, force: true }));

  it('prints a header and, under it, only the fields each event changed, before -> after', async () => {
    const run = await cli(t.dataDir, 'replay', NCT);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const printed = run.stdout.split(/\n(?=\S)/).map((block) => block.trimEnd().split('\n'));
    expect(printed.map(([header]) => header.split(' | ').slice(0, 2).join(' | '))).toEqual([
      'revision 1 | TrialRegistered',
      'revision 2 | TrialStatusChanged',
      'revision 3 | SiteAdded',
    ]);
    const [registered, recruiting, site] = printed.map(([, ...changes]) => changes);
    // From nothing, every field is new.
    expect(registered).toContain(`  nctId: (absent) -> "${NCT}"`);
    expect(registered).toContain('  status: (absent) -> "NOT_YET_RECRUITING"');
    expect(recruiting).toContain('  status: "NOT_YET_RECRUITING" -> "RECRUITING"');
    expect(recruiting.join('\n')).not.toMatch(/nctId|title|sites/);
    const { sites } = viaHttp[2] as { sites: { siteId: string }[] };
    expect(site).toEqual([`  sites[${sites[0].siteId}]: (absent) -> ${JSON.stringify(sites[0])}`]);
    // The whole state after each event is --full's, below: here every line is a change.
    expect(run.stdout.split('\n').length).toBeLessThan((await cli(t.dataDir, 'replay', NCT, '--full')).stdout.split('\n').length / 2);
  });

  it('prints a header and the resulting state after each event with --full', async () => {
    const run = await cli(t.dataDir, 'replay', NCT, '--full');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const printed = blocks(run.stdout);
    expect(printed.map((b) => b.header)).toEqual([
      'revision 1 | TrialRegistered | recorded 2025-01-15T10:00:00.000Z | actor olga (operator) | effective - | reason: Protocol approved',
      'revision 2 | TrialStatusChanged | recorded 2025-01-15T11:00:00.000Z | actor olga (operator) | effective 2024-02-01 | reason: Moved to RECRUITING',
      'revision 3 | SiteAdded | recorded 2025-01-15T11:00:00.000Z | actor olga (operator) | effective - | reason: Site contract signed',
    ]);
    expect(printed.map((b) => b.state)).toEqual(viaHttp);
    expect(run.stdout).toMatch(/^ {2}\{\n {4}"nctId": "NCT05131412",/m);
  });

  it('prints only the state at --revision or --as-of', async () => {
    const atRevision = await cli(t.dataDir, 'replay', NCT, '--revision', '1');
    expect(atRevision.code).toBe(0);
    expect(blocks(atRevision.stdout)).toEqual([{ header: `${NCT} at revision 1 (recorded 2025-01-15T10:00:00.000Z)`, state: viaHttp[0] }]);
    const asOf = await cli(t.dataDir, 'replay', NCT, '--as-of', '2025-01-15T12:30:00+01:00');
    expect(asOf.code).toBe(0);
    expect(blocks(asOf.stdout)).toEqual([
      {
        header: `${NCT} as of 2025-01-15T11:30:00.000Z: at revision 3 (recorded 2025-01-15T11:00:00.000Z)`,
        state: viaHttp[2],
      },
    ]);
  });

  it('records each replay in the access log: who (--actor, else the OS user), when, the trial and the parameters', async () => {
    expect((await cli(t.dataDir, 'replay', NCT, '--revision', '2', '--actor', 'audrey')).code).toBe(0);
    expect((await cli(t.dataDir, 'replay', NCT, '--full')).code).toBe(0);
    const log = SqliteAccessLog.open(join(t.dataDir, 'access-log.sqlite'));
    try {
      const { items } = await log.list({ nctId: NCT, action: 'state.replay', limit: 500, offset: 0 });
      const byCli = items.filter((e) => e.channel === 'cli').slice(-2);
      expect(byCli).toMatchObject([
        { actor: 'audrey', role: 'operator', nctId: NCT, parameters: { revision: 2 } },
        { actor: userInfo().username, role: 'operator', nctId: NCT, parameters: { full: true } },
      ]);
      expect(byCli[1].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    } finally {
      await log.close();
    }
  });

  it('exits 1 for a trial that is not registered (or not yet at that instant)', async () => {
    const [unknown, before] = await Promise.all([
      cli(t.dataDir, 'replay', 'NCT00000001'),
      cli(t.dataDir, 'replay', NCT, '--as-of', '2025-01-15T09:00:00Z'),
    ]);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'Trial NCT00000001 is not registered\n' });
    expect(before).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('was not yet registered at 2025-01-15T09:00:00.000Z'),
    });
  });

  it.each([
    [['--revision', '0'], "error: option '--revision <n>' argument '0' is invalid. It must be a positive whole number."],
    [['--revision', '2.5'], "error: option '--revision <n>' argument '2.5' is invalid. It must be a positive whole number."],
    [['--revision', '9'], '--revision: trial NCT05131412 has only revision 3'],
    [['--as-of', 'yesterday'], 'It must be an ISO-8601 instant with a zone'],
    [['--as-of', '2025-01-15T11:30:00'], 'It must be an ISO-8601 instant with a zone'],
    [['--as-of', '2025-02-30T11:30:00Z'], 'It must be an ISO-8601 instant with a zone'],
    [
      ['--revision', '1', '--as-of', '2025-01-15T11:30:00Z'],
      "error: option '--revision <n>' cannot be used with option '--as-of <instant>'",
    ],
    [['--full', '--revision', '1'], "error: option '--revision <n>' cannot be used with option '--full'"],
    [['--since', '1'], "error: unknown option '--since'"],
  ])('exits 2 with a clear message for %j', async (extra, message) => {
    const run = await cli(t.dataDir, 'replay', NCT, ...extra);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining(message) });
  });

  it('exits 2 naming what is missing or wrong when the trial is missing or not an NCT ID', async () => {
    const [none, malformed] = await Promise.all([cli(t.dataDir, 'replay'), cli(t.dataDir, 'replay', 'trial-1')]);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining("error: missing required argument 'nctId'") });
    expect(malformed).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error: command-argument value 'trial-1' is invalid for argument 'nctId'. It must be an NCT ID"),
    });
  });
});
