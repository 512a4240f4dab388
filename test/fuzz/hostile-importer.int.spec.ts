import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ImportReport, TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { RecordError, parseDocument, registryVersionOf } from '@trial-ledger/importer';
import { RegistryVersionObserved, isPartialDate } from '@trial-ledger/domain';
import { TestApp, startTestApp } from '../support/test-app';
import { fuzzRuns, fuzzSeed } from './fuzz-settings';
import { RECORD_MUTATION_KINDS, RecordMutation, pathsOf, recordMutation } from './record-mutations';

const SHARED = resolve(__dirname, '../../../shared/ctgov');
// `npm test`: the fixed seed, RUNS_IN_NPM_TEST runs. `npm run test:fuzz`: a random seed (printed), more runs.
const SEED = fuzzSeed();
// 25 runs of one to three records with one to four changes each: with this seed every kind of change has been made by
// the 4th run (asserted below); over 300 other seeds by the 4th at the median, the 11th at worst. 25 makes each kind
// several times; the 100 runs this used to replay, and more, are `npm run test:fuzz`'s job.
const RUNS_IN_NPM_TEST = 25;
const RUNS = fuzzRuns('FUZZ_RUNS_IMPORT', RUNS_IN_NPM_TEST);

type Obj = Record<string, unknown>;
const FILES = readdirSync(SHARED).filter((f) => /^NCT\d{8}\.json$/.test(f));
const original = (file: string): Obj => JSON.parse(readFileSync(join(SHARED, file), 'utf8')) as Obj;
const PATHS = new Map(FILES.map((f) => [f, pathsOf(original(f))]));

type Case = { file: string; mutations: RecordMutation[]; earlier: number | null };

/** One real record, one to four changes to it, and sometimes an earlier snapshot of it too (a history, as in the seeds). */
const mutatedRecord: fc.Arbitrary<Case> = fc.constantFrom(...FILES).chain((file) =>
  fc.record({
    file: fc.constant(file),
    mutations: fc.array(recordMutation(PATHS.get(file) ?? []), { minLength: 1, maxLength: 4 }),
    earlier: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: null }),
  }),
);

/** Through JSON text and back, so that the check below reads exactly what the importer reads from the file. */
const build = ({ file, mutations }: Case): Obj => {
  const record = original(file);
  mutations.forEach((m) => m.apply(record));
  return JSON.parse(JSON.stringify(record)) as Obj;
};

/** The untouched record as posted a year before, when it planned another enrollment. */
const earlierSnapshot = (file: string, count: number): Obj => {
  const record = original(file);
  const p = record.protocolSection as Obj;
  (p.statusModule as Obj).lastUpdatePostDateStruct = { date: '2000-01-01', type: 'ACTUAL' };
  (p.designModule as Obj).enrollmentInfo = { count, type: 'ESTIMATED' };
  return record;
};

/** What the importer must report for a record, from the pure mapping: the field it names, or nothing. */
const expectedIssue = (record: Obj, name: string): { record: string; field: string } | null => {
  const [snapshot] = parseDocument(record, name).snapshots;
  try {
    registryVersionOf(snapshot);
    return null;
  } catch (error) {
    if (!(error instanceof RecordError)) throw new Error(`registryVersionOf crashed on ${name}: ${(error as Error).stack}`);
    return { record: snapshot.nctId || '(no nctId)', field: error.field };
  }
};

describe('importing mutated ClinicalTrials.gov records', () => {
  let t: TestApp;
  let executor: TrialCommandExecutor;
  let control = 0;
  const tally = { runs: 0, issues: 0, commands: 0 };
  // The kinds of change the runs made: each record mutation's, an earlier snapshot beside a record, several records.
  const kinds = new Set<string>();
  const started = Date.now();

  beforeAll(async () => {
    console.log(`hostile importer: seed ${SEED}, ${RUNS} runs (replay: FUZZ_SEED=${SEED} FUZZ_RUNS_IMPORT=${RUNS})`);
    t = await startTestApp();
    executor = t.app.get(TrialCommandExecutor);
  });
  afterAll(async () => {
    console.log(
      `hostile importer: seed ${SEED}, ${tally.runs} runs, ${tally.commands} commands, ${tally.issues} issues, ${Date.now() - started} ms`,
    );
    await t?.close();
  });

  /** An untouched record under an NCT ID no other run uses: the well-formed part that must still import. */
  const controlRecord = (): { nctId: string; record: Obj } => {
    control += 1;
    const nctId = `NCT9${String(control).padStart(7, '0')}`;
    const record = original('NCT03418623.json');
    ((record.protocolSection as Obj).identificationModule as Obj).nctId = nctId;
    return { nctId, record };
  };

  const importTwice = async (cases: Case[]): Promise<{ first: ImportReport; second: ImportReport; dir: string; records: Obj[] }> => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-import-'));
    const records = cases.map(build);
    records.forEach((r, i) => writeFileSync(join(dir, `mutated-${i}.json`), JSON.stringify(r)));
    cases.forEach(
      (c, i) => c.earlier !== null && writeFileSync(join(dir, `earlier-${i}.json`), JSON.stringify(earlierSnapshot(c.file, c.earlier))),
    );
    const { nctId, record } = controlRecord();
    writeFileSync(join(dir, 'control.json'), JSON.stringify(record));
    const before = await t.store.headPosition();
    const first = await importPath(executor, dir, 'fuzzer');
    const appended = await t.store.readAll({ after: before, maxCount: 1_000_000 });
    // The version's posted date and every change's business date reach the audit trail: each must be a date, whatever the record says.
    const dates = appended.flatMap((e) => {
      const data = e.data as unknown as RegistryVersionObserved['data'];
      return [data.postedDate, ...data.changes.map((c) => c.effective.date)];
    });
    expect(dates.filter((d) => d !== null && !isPartialDate(d))).toEqual([]);
    expect((await executor.load(nctId)).state).toMatchObject({ registered: true, nctId });
    const head = await t.store.headPosition();
    const second = await importPath(executor, dir, 'fuzzer');
    expect({ recorded: second.recorded, head: await t.store.headPosition() }).toEqual({ recorded: 0, head });
    return { first, second, dir, records };
  };

  it(
    'never throws, names every malformed record and field, imports the rest, and re-imports as nothing',
    async () => {
      const property = fc.asyncProperty(fc.array(mutatedRecord, { minLength: 1, maxLength: 3 }), async (cases) => {
        tally.runs += 1;
        cases.forEach((c) =>
          [...c.mutations.map((m) => m.kind), ...(c.earlier === null ? [] : ['earlier snapshot'])].forEach((kind) => kinds.add(kind)),
        );
        if (cases.length > 1) kinds.add('several records');
        const { first, dir, records } = await importTwice(cases);
        tally.issues += first.issues.length;
        tally.commands += first.recorded;
        for (const issue of first.issues)
          expect(issue).toEqual(expect.objectContaining({ record: expect.stringMatching(/./), field: expect.stringMatching(/./) }));
        records.forEach((record, i) => {
          const expected = expectedIssue(record, `mutated-${i}.json`);
          // A record another one of the same trial and date supersedes is reported as such, not read further.
          const named = first.issues.filter(
            (issue) => issue.record === expected?.record && [expected.field, '(version)'].includes(issue.field),
          );
          if (expected) expect([expected, named.length > 0]).toEqual([expected, true]);
        });
        rmSync(dir, { recursive: true, force: true });
      });
      await fc.assert(property, { seed: SEED, numRuns: RUNS });
    },
    60_000 + RUNS * 500,
  );

  it('made every kind of change to the records', () => {
    expect([...RECORD_MUTATION_KINDS, 'earlier snapshot', 'several records'].filter((kind) => !kinds.has(kind))).toEqual([]);
  });
});
