import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TrialState, decide, evolve, initialState } from '@trial-ledger/domain';
import { mapRecord } from './map-record';
import { planImport } from './plan-import';
import { parseDocument, readImportPath } from './read-import-path';
import { RecordError, TrialSnapshot } from './snapshot';

const SHARED = resolve(__dirname, '../../../../shared/ctgov');
const SEEDS = resolve(__dirname, '../../../seeds');

const apply = (state: TrialState, snapshot: TrialSnapshot): TrialState =>
  planImport(state, mapRecord(snapshot), snapshot).reduce((s, p) => decide(p.command, s).reduce(evolve, s), state);

describe('importing real ClinicalTrials.gov API v2 records', () => {
  const files = readdirSync(SHARED).filter((f) => /^NCT\d{8}\.json$/.test(f));

  it.each(files)('%s maps, applies through the decider, and re-imports as nothing', (file) => {
    const raw = JSON.parse(readFileSync(join(SHARED, file), 'utf8'));
    const { snapshots, issues } = parseDocument(raw, file);
    expect(issues).toEqual([]);
    const state = apply(initialState(), snapshots[0]);
    const s = raw.protocolSection;
    expect(state).toMatchObject({ registered: true, nctId: s.identificationModule.nctId, status: s.statusModule.overallStatus });
    if (!state.registered) throw new Error('not registered');
    expect(state.enrollment?.count).toBe(s.designModule.enrollmentInfo?.count);
    expect(state.startDate?.date).toBe(s.statusModule.startDateStruct?.date);
    expect(state.sites.length).toBeGreaterThan(0);
    expect(planImport(state, mapRecord(snapshots[0]), snapshots[0])).toEqual([]);
  });

  it('imports hundreds of sites, without facility names too', () => {
    const raw = JSON.parse(readFileSync(join(SHARED, 'NCT03418623.json'), 'utf8'));
    raw.protocolSection.contactsLocationsModule.locations = Array.from({ length: 300 }, (_, i) => ({ city: `Town ${i}`, country: 'China', status: 'RECRUITING' }));
    const [snapshot] = parseDocument(raw, 'many.json').snapshots;
    const state = apply(initialState(), snapshot);
    expect(state.registered && state.sites.length).toBe(300);
  });
});

describe('successive snapshots', () => {
  const raw = () => JSON.parse(readFileSync(join(SHARED, 'NCT06171568.json'), 'utf8'));

  it('emit only what changed', () => {
    const first = parseDocument(raw(), 'a.json').snapshots[0];
    const later = raw();
    later.protocolSection.statusModule.overallStatus = 'RECRUITING';
    later.protocolSection.designModule.enrollmentInfo = { count: 12, type: 'ACTUAL' };
    const second = parseDocument(later, 'b.json').snapshots[0];
    const state = apply(initialState(), first);
    expect(planImport(state, mapRecord(second), second).map((p) => p.command.type)).toEqual(['UpdateStatus', 'UpdateEnrollment']);
  });
});

describe('broken records', () => {
  const base = () => JSON.parse(readFileSync(join(SHARED, 'NCT06171568.json'), 'utf8'));
  const broken: [string, (r: Record<string, any>) => void, string][] = [
    ['missing nctId', (r) => delete r.protocolSection.identificationModule.nctId, 'identificationModule.nctId'],
    ['bad nctId', (r) => (r.protocolSection.identificationModule.nctId = 'NCT12'), 'identificationModule.nctId'],
    ['missing briefTitle', (r) => delete r.protocolSection.identificationModule.briefTitle, 'identificationModule.briefTitle'],
    ['bad status', (r) => (r.protocolSection.statusModule.overallStatus = 'PAUSED'), 'statusModule.overallStatus'],
    ['expanded-access status', (r) => (r.protocolSection.statusModule.overallStatus = 'AVAILABLE'), 'statusModule.overallStatus'],
    ['impossible date', (r) => (r.protocolSection.statusModule.startDateStruct.date = '2020-13'), 'statusModule.startDateStruct.date'],
    ['text enrollment', (r) => (r.protocolSection.designModule.enrollmentInfo.count = 'abc'), 'designModule.enrollmentInfo.count'],
    ['location not an object', (r) => (r.protocolSection.contactsLocationsModule.locations = [7]), 'contactsLocationsModule.locations[0]'],
    // Found by test/fuzz/hostile-importer.int.spec.ts: the snapshot's date became the events' effective date unchecked.
    ['snapshot date not a date', (r) => (r.protocolSection.statusModule.lastUpdatePostDateStruct.date = '２０２４'), 'statusModule.lastUpdatePostDateStruct.date'],
    ['submit date not a date', (r) => {
      delete r.protocolSection.statusModule.lastUpdatePostDateStruct;
      r.protocolSection.statusModule.lastUpdateSubmitDate = '2024-02-30';
    }, 'statusModule.lastUpdateSubmitDate'],
  ];

  it.each(broken)('%s is reported with the record and the field', (_, breakIt, field) => {
    const r = base();
    breakIt(r);
    const [snapshot] = parseDocument(r, 'x.json').snapshots;
    let error: unknown;
    try { mapRecord(snapshot); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).field).toBe(field);
  });

  it('a non-object record is reported while the others in the file still parse', () => {
    const { snapshots, issues } = parseDocument({ studies: [base(), 'nonsense'] }, 'page.json');
    expect(snapshots).toHaveLength(1);
    expect(issues).toEqual([{ file: 'page.json', record: '#1', field: '(record)', message: 'must be a JSON object' }]);
  });
});

describe('the seeds', () => {
  const { snapshots, issues } = readImportPath(SEEDS);

  it('hold the five seeded trials and every provenance key names a fact of its snapshot', () => {
    expect(issues).toEqual([]);
    expect([...new Set(snapshots.map((s) => s.nctId))]).toEqual(['NCT02985346', 'NCT04282928', 'NCT05131412', 'NCT06171906', 'NCT06599346']);
    for (const s of snapshots) {
      for (const path of Object.keys(s.provenance ?? {})) {
        const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], s.record);
        expect([path, value]).not.toEqual([path, undefined]);
      }
    }
  });

  it('apply in order through the decider; NCT02985346 goes NOT_YET_RECRUITING → UNKNOWN', () => {
    const states = new Map<string, TrialState>();
    const statuses: string[] = [];
    for (const s of snapshots) {
      const next = apply(states.get(s.nctId) ?? initialState(), s);
      states.set(s.nctId, next);
      if (s.nctId === 'NCT02985346' && next.registered) statuses.push(next.status);
    }
    expect(statuses).toEqual(['NOT_YET_RECRUITING', 'UNKNOWN']);
    expect(states.get('NCT02985346')).toMatchObject({ lastKnownStatus: 'NOT_YET_RECRUITING' });
  });
});
