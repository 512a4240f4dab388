import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { openImportSource, preparedHere } from '@trial-ledger/importer';
import { Clock, IdGenerator, toTrialEvent, trialStreamId } from '@trial-ledger/ledger';
import { TrialCommandExecutor } from '../shared/trial-command-executor';
import { ImportHooks, importSource } from './import-source';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-12-01T00:00:00Z');
  }
}

class CountingIds extends IdGenerator {
  private n = 0;
  newId(): string {
    this.n += 1;
    return `00000000-0000-4000-8000-${String(this.n).padStart(12, '0')}`;
  }
}

type Obj = Record<string, any>;
const REAL: Obj = JSON.parse(readFileSync(resolve(__dirname, '../../../../../../shared/ctgov/NCT00763412.json'), 'utf8'));

/** The real record under another NCT ID, as the registry posted it on `posted` with that overall status. */
const version = (nctId: string, posted: string, status: string): string => {
  const record = structuredClone(REAL);
  record.protocolSection.identificationModule.nctId = nctId;
  record.protocolSection.statusModule.lastUpdatePostDateStruct = { date: posted, type: 'ACTUAL' };
  record.protocolSection.statusModule.overallStatus = status;
  return JSON.stringify(record);
};

describe('importSource in batches, on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let executor: TrialCommandExecutor;
  const lines: string[] = [];
  const hooks: ImportHooks = { onIssue: (i) => lines.push(`${i.record} ${i.field}: ${i.message}`) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-batches-'));
    store = SqliteEventStore.open(join(dir, 'events.sqlite'));
    executor = new TrialCommandExecutor(store, new FixedClock(), new CountingIds());
    lines.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ndjson = (docs: string[]) => {
    const file = join(dir, 'studies.ndjson');
    writeFileSync(file, docs.join('\n'));
    return file;
  };

  it('given 40 studies, when imported in batches of 20, then every study is recorded and each batch took one durable commit', async () => {
    const file = ndjson(Array.from({ length: 40 }, (_, i) => version(`NCT9${String(i).padStart(7, '0')}`, '2024-01-10', 'COMPLETED')));
    const outcome = await importSource(executor, preparedHere(await openImportSource(file)), { actor: 'tester', batchSize: 20 }, hooks);
    expect([outcome.entries, outcome.recorded, outcome.newTrials, lines]).toEqual([40, 40, 40, []]);
    expect(store.stats).toEqual({ commits: 2, appends: 40 });
  });

  it('given three versions of one trial among other studies in one batch, when imported, then its versions are recorded in source order', async () => {
    const trial = 'NCT90000001';
    const file = ndjson([
      version(trial, '2024-01-10', 'NOT_YET_RECRUITING'),
      version('NCT90000002', '2024-01-10', 'RECRUITING'),
      version(trial, '2024-03-10', 'RECRUITING'),
      version('NCT90000003', '2024-01-10', 'RECRUITING'),
      version(trial, '2024-06-10', 'COMPLETED'),
    ]);
    const outcome = await importSource(executor, preparedHere(await openImportSource(file)), { actor: 'tester', batchSize: 5 }, hooks);
    expect([outcome.recorded, outcome.newTrials, lines]).toEqual([5, 3, []]);
    const observed = (await store.readStream(trialStreamId(trial))).map(toTrialEvent);
    const statuses = observed.flatMap((e) =>
      e.type === 'RegistryVersionObserved' ? e.data.changes.filter((c) => c.field === 'status').map((c) => c.value) : [],
    );
    expect(statuses).toEqual(['NOT_YET_RECRUITING', 'RECRUITING', 'COMPLETED']);
  });
});
