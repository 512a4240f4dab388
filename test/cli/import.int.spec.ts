import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../apps/cli/src/run-cli';
import { CliRun, cliInProcess as cli } from '../support/cli';
import { corpusEntries, realRecords, studyOf, syntheticNctId, writeRegistryZip } from '../support/registry-corpus';
import { TEST_SECRET } from '../support/test-app';

const RECORDS = realRecords();
const SUMMARY =
  /^(\d+) entries(?: \((\d+) skipped: imported by an earlier run\))?, (\d+) versions read, (\d+) recorded \((\d+) new trials\), (\d+) lines reported, in [\d.]+ s \(\d+ studies\/s\)\ntrials recorded: /;

/** The summary's counts: entries, skipped, versions read, recorded, new trials, lines reported. */
const counts = (stdout: string): number[] => {
  const match = SUMMARY.exec(stdout);
  if (match === null) throw new Error(`not a summary: ${stdout}`);
  return match.slice(1).map((n) => Number(n ?? 0));
};

/** A registry zip of `count` studies made from the real records, with the entries of `replace` put in place of some. */
const registryZip = async (dir: string, count: number, replace: Record<number, string> = {}): Promise<string> => {
  const path = join(dir, 'ctg-studies.json.zip');
  const entries = [...corpusEntries(RECORDS, count)].map(([name, text], n): [string, string] => [name, replace[n] ?? text]);
  await writeRegistryZip(path, entries);
  return path;
};

// The CLI's own duration format: "12 s", "2 min 18 s" (a slow import, or a loaded machine), "1 h 3 min".
const ETA = '(?:\\d+ s|\\d+ min \\d+ s|\\d+ h \\d+ min)';
// Each test runs whole imports in process; on a loaded 2-core machine some took longer than jest's 5 s default.
jest.setTimeout(30_000);

/** Runs the import in process with a signal the test aborts when stderr shows `stopWhen` (as SIGINT would). */
const interruptedImport = async (dataDir: string, stopWhen: string, ...args: string[]): Promise<CliRun> => {
  const stop = new AbortController();
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => ((out.stderr += s), s.includes(stopWhen) && stop.abort()) },
    signal: stop.signal,
  };
  const code = await runCli(['import', ...args], { NO_COLOR: '1', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET }, io);
  return { code, ...out };
};

/** Every trial's event count, from `verify` (which also recomputes each hash chain). */
const eventsPerTrial = async (dataDir: string): Promise<Record<string, number>> => {
  const run = await cli(dataDir, 'verify');
  expect(run.code).toBe(0);
  return Object.fromEntries(
    run.stdout
      .trim()
      .split('\n')
      // A trial's line; the checkpoint notice that follows them is not one.
      .filter((l) => l.startsWith('NCT'))
      .map((l) => {
        const [, nctId, events] = /^(NCT\d+) ok \((\d+) events\)$/.exec(l) ?? [];
        return [nctId, Number(events)];
      }),
  );
};

describe('npm run cli -- import, streamed', () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'registry-import-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the registry zip entry by entry: progress on stderr when asked, the summary on stdout; again, it records nothing', async () => {
    const zip = await registryZip(dir, 12);
    const run = await cli(dataDir, 'import', zip, '--progress');
    expect([run.code, counts(run.stdout)]).toEqual([0, [12, 0, 12, 12, 12, 0]]);
    // Not a terminal: whole lines, the first once an entry is done, the last once all are read.
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^importing: \\d+/12 entries, \\d+ versions, \\d+ studies/s, ETA ${ETA}$`));
    expect(lines.slice(-2)).toEqual([expect.stringMatching(/^importing: 12\/12 entries, 12 versions, \d+ studies\/s, done$/), '']);
    expect(run.stdout.split('\n').slice(1)).toEqual([
      `trials recorded: ${Array.from({ length: 12 }, (_, n) => syntheticNctId(n)).join(', ')}`,
      '',
    ]);
    const again = await cli(dataDir, 'import', zip);
    expect([again.code, again.stderr, counts(again.stdout)]).toEqual([0, '', [12, 0, 12, 0, 0, 0]]);
    expect(again.stdout).toMatch(/\ntrials recorded: none\n$/);
    expect(Object.values(await eventsPerTrial(dataDir))).toEqual(Array(12).fill(1));
  });

  it('redraws one progress line on a terminal, and writes a reported line on a line of its own', async () => {
    // Entry 30 comes after the window of entries in flight has filled and some have been drawn as done.
    const zip = await registryZip(dir, 40, { 30: '{' });
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { isTTY: true, write: (s: string) => (out.stderr += s) } };
    expect(await runCli(['import', zip], { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET }, io)).toBe(1);
    // Each write starts by clearing the line: a progress line stays open for the next redraw, a reported line ends.
    const writes = out.stderr.split('\r\x1b[K');
    expect(writes[0]).toBe('');
    const bad = `${zip}!${syntheticNctId(30)}.json: record (file), field (json): `;
    const at = writes.findIndex((w) => w.startsWith(bad));
    expect(at).toBeGreaterThan(1);
    expect(writes.slice(1, at)).toEqual(
      writes
        .slice(1, at)
        .map(() => expect.stringMatching(new RegExp(`^importing: \\d+/40 entries, \\d+ versions, \\d+ studies/s(, ETA ${ETA})?$`))),
    );
    expect(writes[at]).toMatch(/JSON.*\n$/);
    expect(writes[writes.length - 1]).toMatch(/^importing: 40\/40 entries, 39 versions, \d+ studies\/s, done\n$/);
  });

  it('reports a non-JSON entry and a study that fails mapping, each with its entry and study, imports the rest and exits 1', async () => {
    const bad = studyOf(RECORDS, 3);
    (bad.protocolSection as Record<string, Record<string, unknown>>).statusModule.overallStatus = 'PAUSED';
    const zip = await registryZip(dir, 6, { 1: '{"protocolSection": {', 3: JSON.stringify(bad) });
    const run = await cli(dataDir, 'import', zip);
    expect([run.code, counts(run.stdout)]).toEqual([1, [6, 0, 5, 4, 4, 2]]);
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${zip}!${syntheticNctId(1)}\\.json: record \\(file\\), field \\(json\\): .*JSON`)),
      expect.stringMatching(
        new RegExp(
          `^${zip}!${syntheticNctId(3)}\\.json: record ${syntheticNctId(3)}, field statusModule\\.overallStatus: "PAUSED" is not one of .+; nothing of this version recorded$`,
        ),
      ),
      '',
    ]);
    expect(Object.keys(await eventsPerTrial(dataDir))).toEqual([0, 2, 4, 5].map(syntheticNctId));
  });

  it('names the first 20 trials recorded and says --list prints them all; --list does, one a line', async () => {
    const zip = await registryZip(dir, 21);
    const ids = Array.from({ length: 21 }, (_, n) => syntheticNctId(n));
    const run = await cli(dataDir, 'import', zip);
    expect(run.stdout.split('\n').slice(1)).toEqual([
      `trials recorded: ${ids.slice(0, 20).join(', ')} and more (--list prints every one)`,
      '',
    ]);
    const listed = await cli(join(dir, 'other-data'), 'import', zip, '--list');
    expect(listed.stdout.split('\n').slice(1)).toEqual(['trials recorded: 21', ...ids, '']);
  });

  it('reports a zip cut short with the byte it ends at, and reads nothing of it', async () => {
    const zip = await registryZip(dir, 4);
    truncateSync(zip, 5_000);
    const run = await cli(dataDir, 'import', zip);
    expect([run.code, counts(run.stdout)]).toEqual([1, [0, 0, 0, 0, 0, 1]]);
    expect(run.stderr).toMatch(
      new RegExp(
        `^${zip}: record \\(source\\), field \\(zip\\): is not a complete zip: .+; the file ends at byte 5000, so it was likely cut short: nothing of it is read\\n$`,
      ),
    );
  });

  it('imports NDJSON line by line, naming a bad line by its number', async () => {
    const lines = [0, 1, 2].map((n) => JSON.stringify(studyOf(RECORDS, n)));
    const file = join(dir, 'studies.ndjson');
    writeFileSync(file, [lines[0], 'nonsense', lines[1], '', lines[2], ''].join('\n'));
    const run = await cli(dataDir, 'import', file, '--progress');
    expect([run.code, counts(run.stdout)]).toEqual([1, [5, 0, 3, 3, 3, 1]]);
    expect(run.stderr).toMatch(new RegExp(`^${file}:2: record \\(file\\), field \\(json\\): .*JSON`, 'm'));
    expect(run.stderr).toMatch(/importing: 5 entries, 3 versions, \d+ studies\/s, done\n$/);
  });

  describe('interrupted', () => {
    // Entry 7 is not JSON: its reported line is where the test aborts, as an operator's Ctrl-C would. Batches of one
    // entry, so that the run stops right after it.
    const interrupted = async (zip: string) => {
      const run = await interruptedImport(dataDir, `${syntheticNctId(7)}.json`, zip, '--batch', '1');
      expect([run.code, counts(run.stdout)]).toEqual([1, [8, 0, 7, 7, 7, 1]]);
      expect(run.stderr).toContain(`${zip}: interrupted after entry 8; run the same import with --resume to go on from there\n`);
      return run;
    };

    it('stops after the entry in hand; --resume skips what is durable and imports the rest once', async () => {
      const zip = await registryZip(dir, 20, { 7: 'not json' });
      await interrupted(zip);
      const [checkpoint] = readdirSync(join(dataDir, 'import-checkpoints'));
      expect(JSON.parse(readFileSync(join(dataDir, 'import-checkpoints', checkpoint), 'utf8'))).toMatchObject({ path: zip, entries: 8 });
      const resumed = await cli(dataDir, 'import', zip, '--resume');
      expect([resumed.code, resumed.stderr, counts(resumed.stdout)]).toEqual([0, '', [20, 8, 12, 12, 12, 0]]);
      expect(Object.values(await eventsPerTrial(dataDir))).toEqual(Array(19).fill(1));
      // A finished import resumed again has nothing left to read.
      expect(counts((await cli(dataDir, 'import', zip, '--resume')).stdout)).toEqual([20, 20, 0, 0, 0, 0]);
    });

    it('in batches, stops after the batch in hand (every entry of it durable) and --resume goes on after it', async () => {
      const zip = await registryZip(dir, 20, { 7: 'not json' });
      const run = await interruptedImport(dataDir, `${syntheticNctId(7)}.json`, zip, '--batch', '5');
      expect([run.code, counts(run.stdout)]).toEqual([1, [10, 0, 9, 9, 9, 1]]);
      expect(run.stderr).toContain(`${zip}: interrupted after entry 10; run the same import with --resume to go on from there\n`);
      const resumed = await cli(dataDir, 'import', zip, '--resume');
      expect([resumed.code, counts(resumed.stdout)]).toEqual([0, [20, 10, 10, 10, 10, 0]]);
      expect(Object.values(await eventsPerTrial(dataDir))).toEqual(Array(19).fill(1));
    });

    it('run again from the start (no --resume), appends nothing twice: each version already held is known by its digest', async () => {
      const zip = await registryZip(dir, 20, { 7: 'not json' });
      await interrupted(zip);
      const again = await cli(dataDir, 'import', zip);
      expect([again.code, counts(again.stdout)]).toEqual([1, [20, 0, 19, 12, 12, 1]]);
      expect(Object.values(await eventsPerTrial(dataDir))).toEqual(Array(19).fill(1));
    });

    it('ignores a checkpoint written against a log that is further on than this one, and imports from the start', async () => {
      const zip = await registryZip(dir, 20, { 7: 'not json' });
      await interrupted(zip);
      const other = join(dir, 'other-data');
      cpSync(join(dataDir, 'import-checkpoints'), join(other, 'import-checkpoints'), { recursive: true });
      const run = await cli(other, 'import', zip, '--resume');
      expect(run.stderr).toMatch(
        /^checkpoint .+ ignored: written when the event log's head was at 7, it is at 0 now; importing from the start\n/,
      );
      expect(counts(run.stdout)).toEqual([20, 0, 19, 19, 19, 1]);
      expect(existsSync(join(other, 'events.sqlite'))).toBe(true);
    });
  });
});
