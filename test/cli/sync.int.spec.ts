import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../apps/cli/src/run-cli';
import { CliRun } from '../support/cli';
import { RegistryApiServer, changedStudies, changedStudy, lastUpdateOf, nctIdOf } from '../support/registry-api-server';
import { realRecords, syntheticNctId } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';

const RECORDS = realRecords();
const SUMMARY =
  /^(\d+) pages, (\d+) studies read, (\d+) recorded \((\d+) new trials\), (\d+) lines reported, cursor (\S+) \(from (\S+)\), in [\d.]+ s \(\d+ studies\/s\)\n$/;

/** The summary: pages, studies read, recorded, new trials, lines reported, then the cursor and the first day. */
const summaryOf = (stdout: string): [number[], string, string] => {
  const m = SUMMARY.exec(stdout);
  if (m === null) throw new Error(`not a summary: ${stdout}`);
  return [m.slice(1, 6).map(Number), m[6], m[7]];
};

// 25 studies, 3 a day from 2024-03-01 (the last day, 2024-03-09, has one), in pages of 10.
const STUDIES = changedStudies(RECORDS, 25, '2024-03-01', 3);

describe('npm run cli -- sync, against a local registry', () => {
  let dir: string;
  let registry: RegistryApiServer;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'registry-sync-'));
    registry = await RegistryApiServer.start(structuredClone(STUDIES));
  });
  afterEach(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (
    args: string[],
    { signal, env = {} }: { signal?: AbortController; env?: Record<string, string> } = {},
  ): Promise<CliRun> => {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => ((out.stderr += s), s.startsWith('syncing: page 1,') && signal?.abort()) },
      signal: signal?.signal,
    };
    const base = ['--base-url', registry.baseUrl, '--page-size', '10', '--rate', '100'];
    const code = await runCli(['sync', ...base, ...args], { DATA_DIR: join(dir, 'data'), JWT_SECRET: TEST_SECRET, ...env }, io);
    return { code, ...out };
  };

  /** Every trial's event count, from `verify` (which recomputes each hash chain too). */
  const eventsPerTrial = async (): Promise<Record<string, number>> => {
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } };
    expect(await runCli(['verify'], { DATA_DIR: join(dir, 'data'), JWT_SECRET: TEST_SECRET }, io)).toBe(0);
    return Object.fromEntries([...out.stdout.matchAll(/^(NCT\d+) ok \((\d+) events\)$/gm)].map(([, id, n]) => [id, Number(n)]));
  };
  const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => syntheticNctId(from + i));

  it('refuses a first run without --since, asking the registry nothing', async () => {
    const first = await run([]);
    expect([first.code, first.stdout, registry.requests]).toEqual([2, '', []]);
    expect(first.stderr).toMatch(new RegExp(`^no sync cursor is saved for ${registry.baseUrl}: the first sync needs --since <yyyy-MM-dd>`));
  });

  it('records each changed study once, moves the cursor to the last day it covered; again, it appends nothing', async () => {
    const first = await run(['--since', '2024-03-01']);
    expect([first.code, summaryOf(first.stdout)]).toEqual([0, [[3, 25, 25, 25, 0], '2024-03-09', '2024-03-01']]);
    expect(first.stderr.split('\n')).toEqual([
      'syncing: page 1, 10/25 studies, 10 recorded, cursor 2024-03-04',
      'syncing: page 2, 20/25 studies, 20 recorded, cursor 2024-03-07',
      'syncing: page 3, 25/25 studies, 25 recorded, cursor 2024-03-09',
      '',
    ]);
    const [page1, page2] = registry.pageRequests;
    expect(Object.fromEntries(page1.searchParams)).toEqual({
      format: 'json',
      'filter.advanced': 'AREA[LastUpdatePostDate]RANGE[2024-03-01,MAX]',
      sort: 'LastUpdatePostDate:asc',
      pageSize: '10',
      countTotal: 'true',
    });
    expect(page2.searchParams.get('pageToken')).toEqual(expect.any(String));
    expect(page2.searchParams.get('filter.advanced')).toBe(page1.searchParams.get('filter.advanced'));
    expect(await eventsPerTrial()).toEqual(Object.fromEntries(ids(0, 25).map((id) => [id, 1])));

    // From the cursor's day, inclusive: the one study of 2024-03-09 comes again and appends nothing.
    const again = await run([]);
    expect([again.code, summaryOf(again.stdout)]).toEqual([0, [[1, 1, 0, 0, 0], '2024-03-09', '2024-03-09']]);
    // The registry posts new versions of three studies, and one new study, on 2024-03-12.
    registry.studies = registry.studies.map((s, n) => ([2, 9, 24].includes(n) ? withStatus(s, 'TERMINATED', '2024-03-12') : s));
    registry.studies.push(changedStudy(RECORDS, 25, '2024-03-12'));
    const later = await run([]);
    expect([later.code, summaryOf(later.stdout)]).toEqual([0, [[1, 4, 4, 1, 0], '2024-03-12', '2024-03-09']]);
    const events = await eventsPerTrial();
    expect([events[syntheticNctId(2)], events[syntheticNctId(9)], events[syntheticNctId(24)], events[syntheticNctId(25)]]).toEqual([
      2, 2, 2, 1,
    ]);
    // --since goes back past the saved cursor for that run: everything again, nothing appended, the cursor its own.
    const back = await run(['--since', '2024-03-02']);
    expect([back.code, summaryOf(back.stdout)]).toEqual([0, [[3, 24, 0, 0, 0], '2024-03-12', '2024-03-02']]);
  });

  it('reports a malformed study with its page, index, NCT ID and field, and records the rest of its page', async () => {
    const paused = withStatus(registry.studies[12], 'PAUSED', lastUpdateOf(registry.studies[12]));
    registry.studies = registry.studies.map((s, n) => (n === 12 ? paused : s));
    const run1 = await run(['--since', '2024-03-01']);
    expect([run1.code, summaryOf(run1.stdout)]).toEqual([1, [[3, 25, 24, 24, 1], '2024-03-09', '2024-03-01']]);
    expect(run1.stderr).toMatch(
      new RegExp(
        `^ClinicalTrials\\.gov API v2 studies updated since 2024-03-01, page 2, study #2: record ${nctIdOf(paused)}, field statusModule\\.overallStatus: "PAUSED" is not one of .+; nothing of this version recorded$`,
        'm',
      ),
    );
    expect(Object.keys(await eventsPerTrial())).toEqual(ids(0, 25).filter((id) => id !== syntheticNctId(12)));
  });

  it.each([
    ['its body is not JSON', (r: RegistryApiServer) => r.breakPage(2, 'not-json'), /the body is not JSON/],
    ['its body has no studies', (r: RegistryApiServer) => r.breakPage(2, 'no-studies'), /the body has no "studies" array/],
    ['its pageToken is refused (400)', (r: RegistryApiServer) => r.failPage(2, 400, 1), /HTTP 400: injected 400/],
  ])('stops at a page when %s, naming it; the cursor stays where page 1 left it and the next run goes on', async (_, fault, why) => {
    fault(registry);
    const stopped = await run(['--since', '2024-03-01']);
    expect([stopped.code, summaryOf(stopped.stdout)]).toEqual([1, [[1, 10, 10, 10, 0], '2024-03-04', '2024-03-01']]);
    const last = stopped.stderr.trim().split('\n').pop() ?? '';
    expect(last).toMatch(
      new RegExp(
        `^${escape(registry.baseUrl)}/studies\\?.+: page 2 \\(pageToken \\S+\\): .+; sync stopped, the cursor stays at 2024-03-04$`,
      ),
    );
    expect(last).toMatch(why);
    expect(Object.keys(await eventsPerTrial())).toEqual(ids(0, 10));
    registry.mendPages();
    const resumed = await run([]);
    expect([resumed.code, summaryOf(resumed.stdout)]).toEqual([0, [[2, 16, 15, 15, 0], '2024-03-09', '2024-03-04']]);
    expect(Object.keys(await eventsPerTrial())).toEqual(ids(0, 25));
  });

  it('retries a 429 after its Retry-After, and a 500, then goes on', async () => {
    registry.failNext(429, 1, '1');
    registry.failPage(2, 500, 1);
    const started = Date.now();
    const done = await run(['--since', '2024-03-01']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect([done.code, summaryOf(done.stdout)]).toEqual([0, [[3, 25, 25, 25, 0], '2024-03-09', '2024-03-01']]);
    expect(done.stderr).toMatch(/: page 1: HTTP 429: injected 429; retry 1 in 1\.0 s\n/);
    // Equal jitter on a 1 s first ceiling waits 0.5-1.0 s; shown to a tenth, 0.95 s and up reads 1.0.
    expect(done.stderr).toMatch(/: page 2: HTTP 500: injected 500; retry 1 in (0\.[5-9]|1\.0) s\n/);
  });

  it('gives up on a page failing for longer than SYNC_MAX_RETRY_SECONDS, the cursor unmoved past what is durable', async () => {
    registry.failPage(2, 503, 1_000);
    const stopped = await run(['--since', '2024-03-01'], { env: { SYNC_MAX_RETRY_SECONDS: '2' } });
    expect([stopped.code, summaryOf(stopped.stdout)]).toEqual([1, [[1, 10, 10, 10, 0], '2024-03-04', '2024-03-01']]);
    expect(stopped.stderr.trim().split('\n').pop()).toMatch(
      /: page 2 \(pageToken \S+\): HTTP 503: injected 503; gave up after \d+ attempts over \d+ s \(the bound is 2 s\); sync stopped, the cursor stays at 2024-03-04$/,
    );
    expect(Object.keys(await eventsPerTrial())).toEqual(ids(0, 10));
  });

  it('stops after the page in hand when signalled, its events durable and the cursor saved; the next run goes on', async () => {
    const stop = new AbortController();
    const interrupted = await run(['--since', '2024-03-01'], { signal: stop });
    expect([interrupted.code, summaryOf(interrupted.stdout)]).toEqual([1, [[1, 10, 10, 10, 0], '2024-03-04', '2024-03-01']]);
    expect(interrupted.stderr).toMatch(/^sync interrupted after page 1; the cursor is at 2024-03-04, where the next sync goes on$/m);
    expect(Object.keys(await eventsPerTrial())).toEqual(ids(0, 10));
    const rest = await run([]);
    expect([rest.code, summaryOf(rest.stdout)[0]]).toEqual([0, [2, 16, 15, 15, 0]]);
  });

  it('refuses bad flags with the reason, before any request', async () => {
    const bad = await run(['--since', '1 March']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      "error: option '--since <yyyy-MM-dd>' argument '1 March' is invalid. It must be a day as yyyy-MM-dd.\n(add --help for usage)\n",
    ]);
    expect((await run(['--page-size', '0'])).stderr).toMatch(
      /^error: option '--page-size <n>' argument '0' is invalid\. It must be a whole number from 1 to 1000\./,
    );
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function withStatus(study: Record<string, unknown>, status: string, day: string): Record<string, unknown> {
  const copy = structuredClone(study) as { protocolSection: { statusModule: Record<string, unknown> } };
  copy.protocolSection.statusModule.overallStatus = status;
  copy.protocolSection.statusModule.lastUpdatePostDateStruct = { date: day, type: 'ACTUAL' };
  return copy as unknown as Record<string, unknown>;
}
