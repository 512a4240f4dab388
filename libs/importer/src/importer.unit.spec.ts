import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RegisteredTrial, TrialState, decide, evolve, initialState } from '@trial-ledger/domain';
import { parseDocument, parseDocumentText } from './parse-document';
import { registryVersionOf } from './registry-version-of';
import { RecordError, TrialSnapshot } from './snapshot';

const SHARED = resolve(__dirname, '../../../../shared/ctgov');
const SEEDS = resolve(__dirname, '../../../seeds');

const observe = (state: TrialState, snapshot: TrialSnapshot): TrialState => {
  const { version } = registryVersionOf(snapshot);
  return decide({ type: 'ObserveRegistryVersion', data: { nctId: version.record.nctId, version } }, state).reduce(evolve, state);
};

const registered = (state: TrialState): RegisteredTrial => {
  if (!state.registered) throw new Error('not registered');
  return state;
};

/** The registry's date struct as the ledger keeps it: the type only where the record states one. */
const dateOf = (struct: { date?: string; type?: string } | undefined) =>
  struct?.date === undefined ? null : { date: struct.date, ...(struct.type ? { type: struct.type } : {}) };

const enrollmentOf = (info: { count?: number; type?: string } | undefined) =>
  info?.count === undefined ? null : { count: info.count, ...(info.type ? { type: info.type } : {}) };

describe('every real ClinicalTrials.gov API v2 record in shared/ctgov', () => {
  const files = readdirSync(SHARED).filter((f) => /^NCT\d{8}\.json$/.test(f));

  it.each(files)('%s is recorded field by field as the record states it, and again as nothing', (file) => {
    const raw = JSON.parse(readFileSync(join(SHARED, file), 'utf8'));
    const { snapshots, issues } = parseDocument(raw, file);
    expect(issues).toEqual([]);
    const trial = registered(observe(initialState(), snapshots[0]));
    const p = raw.protocolSection;
    const s = p.statusModule;
    const locations = (p.contactsLocationsModule?.locations ?? []) as Record<string, string>[];
    expect({
      nctId: trial.nctId,
      title: trial.title,
      officialTitle: trial.officialTitle,
      sponsor: trial.sponsor.name,
      collaborators: trial.collaborators.map((c) => c.name),
      secondaryIds: trial.secondaryIds.map((i) => i.id),
      studyType: trial.studyType,
      phases: trial.phases,
      conditions: trial.conditions,
      interventions: trial.interventions.map((i) => i.name),
      enrollment: trial.enrollment,
      status: trial.status,
      lastKnownStatus: trial.lastKnownStatus,
      whyStopped: trial.whyStopped,
      statusVerifiedDate: trial.statusVerifiedDate,
      firstSubmittedDate: trial.firstSubmittedDate,
      startDate: trial.startDate,
      primaryCompletionDate: trial.primaryCompletionDate,
      completionDate: trial.completionDate,
      sites: trial.sites.length,
      facilities: trial.sites.map((site) => site.facility ?? null),
      posted: trial.registryVersions.at(-1)?.postedDate,
    }).toEqual({
      nctId: p.identificationModule.nctId,
      title: p.identificationModule.briefTitle,
      officialTitle: p.identificationModule.officialTitle ?? null,
      sponsor: p.sponsorCollaboratorsModule.leadSponsor.name,
      collaborators: (p.sponsorCollaboratorsModule.collaborators ?? []).map((c: { name: string }) => c.name),
      secondaryIds: (p.identificationModule.secondaryIdInfos ?? []).map((i: { id: string }) => i.id),
      studyType: p.designModule.studyType,
      phases: p.designModule.phases ?? [],
      conditions: p.conditionsModule?.conditions ?? [],
      interventions: (p.armsInterventionsModule?.interventions ?? []).map((i: { name: string }) => i.name),
      enrollment: enrollmentOf(p.designModule.enrollmentInfo),
      status: s.overallStatus,
      lastKnownStatus: s.lastKnownStatus ?? null,
      whyStopped: s.whyStopped ?? null,
      statusVerifiedDate: s.statusVerifiedDate ?? null,
      firstSubmittedDate: s.studyFirstSubmitDate ?? null,
      startDate: dateOf(s.startDateStruct),
      primaryCompletionDate: dateOf(s.primaryCompletionDateStruct),
      completionDate: dateOf(s.completionDateStruct),
      // Every listed location is a site, two at one address included.
      sites: locations.length,
      facilities: locations.map((l) => l.facility ?? null),
      posted: s.lastUpdatePostDateStruct.date,
    });
    const { version } = registryVersionOf(snapshots[0]);
    expect(decide({ type: 'ObserveRegistryVersion', data: { nctId: trial.nctId, version } }, trial)).toEqual([]);
  });
});

describe('broken records', () => {
  const base = () => JSON.parse(readFileSync(join(SHARED, 'NCT06171568.json'), 'utf8'));
  const broken: [string, (r: Record<string, any>) => void, string][] = [
    ['missing nctId', (r) => delete r.protocolSection.identificationModule.nctId, 'identificationModule.nctId'],
    ['bad nctId', (r) => (r.protocolSection.identificationModule.nctId = 'NCT12'), 'identificationModule.nctId'],
    ['missing briefTitle', (r) => delete r.protocolSection.identificationModule.briefTitle, 'identificationModule.briefTitle'],
    ['bad status', (r) => (r.protocolSection.statusModule.overallStatus = 'PAUSED'), 'statusModule.overallStatus'],
    ['impossible date', (r) => (r.protocolSection.statusModule.startDateStruct.date = '2020-13'), 'statusModule.startDateStruct.date'],
    [
      'unknown date type',
      (r) => (r.protocolSection.statusModule.startDateStruct.type = 'ANTICIPATED'),
      'statusModule.startDateStruct.type',
    ],
    ['text enrollment', (r) => (r.protocolSection.designModule.enrollmentInfo.count = 'abc'), 'designModule.enrollmentInfo.count'],
    ['location not an object', (r) => (r.protocolSection.contactsLocationsModule.locations = [7]), 'contactsLocationsModule.locations[0]'],
    ['verified date not a date', (r) => (r.protocolSection.statusModule.statusVerifiedDate = 'March'), 'statusModule.statusVerifiedDate'],
    [
      'posted date not a date',
      (r) => (r.protocolSection.statusModule.lastUpdatePostDateStruct.date = '２０２４'),
      'statusModule.lastUpdatePostDateStruct.date',
    ],
  ];
  it.each(broken)('%s is reported with the record and the field', (_, breakIt, field) => {
    const r = base();
    breakIt(r);
    const [snapshot] = parseDocument(r, 'x.json').snapshots;
    let error: unknown;
    try {
      registryVersionOf(snapshot);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).field).toBe(field);
  });

  it('expanded-access and WITHHELD statuses are recorded, not refused', () => {
    for (const status of ['AVAILABLE', 'NO_LONGER_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING', 'WITHHELD']) {
      const r = base();
      r.protocolSection.statusModule.overallStatus = status;
      expect(registered(observe(initialState(), parseDocument(r, 'ea.json').snapshots[0])).status).toBe(status);
    }
  });

  it('a location naming no place is reported, not silently dropped', () => {
    const r = base();
    r.protocolSection.contactsLocationsModule.locations.push({ status: 'RECRUITING' });
    const { omitted } = registryVersionOf(parseDocument(r, 'x.json').snapshots[0]);
    expect(omitted).toEqual([expect.objectContaining({ field: expect.stringMatching(/^contactsLocationsModule\.locations\[\d+\]$/) })]);
  });

  it('a document that is not JSON is one line naming where it is and why', () => {
    expect(parseDocumentText('{"protocolSection": ', 'registry.zip!NCT00000001.json')).toEqual({
      snapshots: [],
      issues: [{ file: 'registry.zip!NCT00000001.json', record: '(file)', field: '(json)', message: expect.stringMatching(/JSON/) }],
    });
  });

  it('a non-object record is reported while the others in the file still parse', () => {
    const { snapshots, issues } = parseDocument({ studies: [base(), 'nonsense'] }, 'page.json');
    expect(snapshots).toHaveLength(1);
    expect(issues).toEqual([{ file: 'page.json', record: '#1', field: '(record)', message: 'must be a JSON object' }]);
  });
});

describe('the seeds', () => {
  // Each seed file is one trial's document; its snapshots come in posted order.
  const parsed = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseDocumentText(readFileSync(join(SEEDS, f), 'utf8'), f));
  const snapshots = parsed.flatMap((p) => p.snapshots);
  const issues = parsed.flatMap((p) => p.issues);

  it('hold the five seeded trials and every provenance key names a fact of its snapshot', () => {
    expect(issues).toEqual([]);
    expect([...new Set(snapshots.map((s) => s.nctId))]).toEqual([
      'NCT02985346',
      'NCT04282928',
      'NCT05131412',
      'NCT06171906',
      'NCT06599346',
    ]);
    for (const s of snapshots) {
      for (const path of Object.keys(s.provenance ?? {})) {
        const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], s.record);
        expect([path, value]).not.toEqual([path, undefined]);
      }
    }
  });

  it('state no date type and no status the seed documents do not state', () => {
    const states = new Map<string, TrialState>();
    for (const s of snapshots) states.set(s.nctId, observe(states.get(s.nctId) ?? initialState(), s));
    expect(registered(states.get('NCT02985346') as TrialState)).toMatchObject({
      status: 'UNKNOWN',
      lastKnownStatus: null,
      startDate: null,
    });
    expect(registered(states.get('NCT06171906') as TrialState).startDate).toEqual({ date: '2024-01-01' });
    expect(registered(states.get('NCT06171906') as TrialState).collaborators.map((c) => c.name)).toEqual(['Xinqiao Hospital of Chongqing']);
    expect(registered(states.get('NCT04282928') as TrialState).interventions).toHaveLength(2);
    expect(registered(states.get('NCT06599346') as TrialState).startDate).toEqual({ date: '2024-09-14' });
  });
});
