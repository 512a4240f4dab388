import { given } from '../../testing/given-when-then';
import { decide, evolveAll } from '../trial.decider';
import { RegistryVersionObserved, TrialEvent } from '../trial.events';
import { RegisteredTrial } from '../trial.state';
import { ObservedRecord, RegistryVersion } from './registry-version';

const nctId = 'NCT00763412';

const record = (overrides: Partial<ObservedRecord> = {}): ObservedRecord => ({
  nctId,
  title: 'Vitamin D in heart failure',
  sponsor: { name: 'University Hospital' },
  collaborators: [],
  secondaryIds: [],
  studyType: 'INTERVENTIONAL',
  phases: ['PHASE2'],
  conditions: ['Heart failure'],
  interventions: [],
  status: 'RECRUITING',
  sites: [],
  ...overrides,
});

const version = (postedDate: string | null, overrides: Partial<ObservedRecord> = {}, number: number | null = null): RegistryVersion => ({
  source: 'spec',
  version: number,
  postedDate,
  record: record(overrides),
});

const observe = (v: RegistryVersion) => ({ type: 'ObserveRegistryVersion' as const, data: { nctId, version: v } });

const observed = (history: TrialEvent[], v: RegistryVersion): RegistryVersionObserved['data'] => {
  const [event] = decide(observe(v), evolveAll(history)) as RegistryVersionObserved[];
  return event.data;
};

const stateAfter = (...versions: RegistryVersion[]): RegisteredTrial => {
  const events: TrialEvent[] = [];
  for (const v of versions) events.push(...decide(observe(v), evolveAll(events)));
  return evolveAll(events) as RegisteredTrial;
};

const changeOf = (data: RegistryVersionObserved['data'], field: string) => data.changes.find((c) => c.field === field);

describe('ObserveRegistryVersion: dates', () => {
  it('dates COMPLETED by the ACTUAL completion date, not by the version or the import', () => {
    const data = observed([], version('2017-06-05', { status: 'COMPLETED', completionDate: { date: '2013-01', type: 'ACTUAL' } }));
    expect(changeOf(data, 'status')).toEqual({
      field: 'status',
      value: 'COMPLETED',
      effective: { date: '2013-01', basis: 'completionDate' },
    });
    expect(data.postedDate).toBe('2017-06-05');
  });

  it('dates RECRUITING by an ACTUAL start, and by the posted date when the start is only estimated', () => {
    expect(
      changeOf(observed([], version('2020-05-01', { startDate: { date: '2020-02-10', type: 'ACTUAL' } })), 'status')?.effective,
    ).toEqual({ date: '2020-02-10', basis: 'startDate' });
    expect(
      changeOf(observed([], version('2020-05-01', { startDate: { date: '2020-06', type: 'ESTIMATED' } })), 'status')?.effective,
    ).toEqual({ date: '2020-05-01', basis: 'postedDate' });
  });

  it('keeps a date whose type the record does not state without a type', () => {
    expect(stateAfter(version('2017-06-05', { startDate: { date: '2008-09' } })).startDate).toEqual({ date: '2008-09' });
  });

  it('dates an imported UNKNOWN two years after the verified month, keeping the last known status', () => {
    const data = observed([], version('2023-03-01', { status: 'UNKNOWN', lastKnownStatus: 'RECRUITING', statusVerifiedDate: '2019-05' }));
    expect(changeOf(data, 'status')?.effective).toEqual({ date: '2021-05', basis: 'unknownDerivation' });
    expect(
      stateAfter(version('2023-03-01', { status: 'UNKNOWN', lastKnownStatus: 'RECRUITING', statusVerifiedDate: '2019-05' })),
    ).toMatchObject({ status: 'UNKNOWN', lastKnownStatus: 'RECRUITING', statusVerifiedDate: '2019-05' });
  });

  it('leaves the changes of an undated version undated, and flags it', () => {
    const data = observed([], version(null));
    expect(changeOf(data, 'status')?.effective).toEqual({ date: null, basis: 'postedDate' });
    expect(data.flags).toEqual([expect.objectContaining({ code: 'VERSION_UNDATED' })]);
  });
});

describe('ObserveRegistryVersion: never refused by the operator table', () => {
  it.each([
    ['COMPLETED', 'ACTIVE_NOT_RECRUITING'],
    ['RECRUITING', 'NOT_YET_RECRUITING'],
    ['NOT_YET_RECRUITING', 'COMPLETED'],
  ] as const)('%s → %s is recorded with its enrollment and dates, and flagged', (from, to) => {
    const first = decide(observe(version('2020-01-01', { status: from })), evolveAll([]));
    const data = observed(
      first,
      version('2021-01-01', { status: to, enrollment: { count: 40, type: 'ACTUAL' }, completionDate: { date: '2020-12', type: 'ACTUAL' } }),
    );
    expect(data.changes.map((c) => c.field)).toEqual(['enrollment', 'status', 'completionDate']);
    expect(data.flags).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'TRANSITION_OUTSIDE_LIFECYCLE', severity: 'WARNING', field: 'status' })]),
    );
  });

  it('records every status of the vocabulary, expanded access and WITHHELD included', () => {
    for (const status of ['AVAILABLE', 'NO_LONGER_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING', 'WITHHELD'] as const) {
      expect(stateAfter(version('2020-01-01', { status, studyType: 'EXPANDED_ACCESS' })).status).toBe(status);
    }
  });

  it('records a TERMINATED version without whyStopped, flagged as a PRS error', () => {
    const data = observed([], version('2020-01-01', { status: 'TERMINATED' }));
    expect(data.flags).toEqual([expect.objectContaining({ code: 'STOPPED_WITHOUT_REASON', severity: 'ERROR' })]);
  });
});

describe('ObserveRegistryVersion: nothing dropped', () => {
  it('records edits to the title, phases and whyStopped, and a date the version no longer states', () => {
    const first = version('2020-01-01', { startDate: { date: '2019-01', type: 'ESTIMATED' } });
    const later = version('2021-01-01', { title: 'Renamed', phases: ['PHASE3'], whyStopped: 'Funding', status: 'SUSPENDED' });
    expect(stateAfter(first, later)).toMatchObject({ title: 'Renamed', phases: ['PHASE3'], whyStopped: 'Funding', startDate: null });
  });

  it("keeps two sites at one address apart, keeps a renamed facility's id, and removes a site the version no longer lists", () => {
    const here = { facility: 'Cardiology', city: 'Lyon', country: 'France' };
    const first = stateAfter(version('2020-01-01', { sites: [here, here, { city: 'Paris', country: 'France' }] }));
    expect(first.sites).toHaveLength(3);
    expect(new Set(first.sites.map((s) => s.siteId)).size).toBe(3);
    const renamed = stateAfter(
      version('2020-01-01', { sites: [here, here, { city: 'Paris', country: 'France' }] }),
      version('2021-01-01', { sites: [here, { ...here, facility: 'Cardiology Dept B' }] }),
    );
    expect(renamed.sites.map((s) => [s.siteId, s.facility])).toEqual([
      [first.sites[0].siteId, 'Cardiology'],
      [first.sites[1].siteId, 'Cardiology Dept B'],
    ]);
  });
});

describe('ObserveRegistryVersion: order and repetition', () => {
  const first = version('2020-01-01');

  it('records the same version again as nothing', () => {
    given(decide(observe(first), evolveAll([])))
      .when(observe(first))
      .then([]);
  });

  it('refuses a version older than the one held, so history is never rewound', () => {
    given(decide(observe(version('2021-01-01')), evolveAll([])))
      .when(observe(first))
      .thenThrows('STALE_REGISTRY_VERSION');
  });

  it('refuses a different record of the version already held', () => {
    given(decide(observe(first), evolveAll([])))
      .when(observe(version('2020-01-01', { title: 'Other' })))
      .thenThrows('STALE_REGISTRY_VERSION');
  });

  it('refuses a version of another trial, naming the field', () => {
    given([])
      .when({ type: 'ObserveRegistryVersion', data: { nctId: 'NCT99999999', version: first } })
      .thenThrows('VALIDATION_FAILED', { violations: [expect.objectContaining({ field: 'identificationModule.nctId' })] });
  });
});

describe('ObserveRegistryVersion: the parts of a record the ledger does not record', () => {
  const withUntracked = (postedDate: string, untracked: Record<string, string>) => version(postedDate, { untracked });

  it('keeps their digests from the first version, and records which a later version changed, added or dropped', () => {
    const first = decide(
      observe(withUntracked('2020-01-01', { 'eligibilityModule.sex': 'a1', 'outcomesModule.primaryOutcomes': 'b1' })),
      evolveAll([]),
    );
    expect((first[0] as RegistryVersionObserved).data.untracked).toEqual({
      'eligibilityModule.sex': 'a1',
      'outcomesModule.primaryOutcomes': 'b1',
    });
    const later = observed(first, withUntracked('2021-01-01', { 'eligibilityModule.sex': 'a2', 'descriptionModule.briefSummary': 'c1' }));
    expect(later.untracked).toEqual({
      'eligibilityModule.sex': 'a2',
      'descriptionModule.briefSummary': 'c1',
      'outcomesModule.primaryOutcomes': null,
    });
    expect(later.changes).toEqual([]);
  });

  it('a version that changed only such a part is a new version, recorded', () => {
    const first = decide(observe(withUntracked('2020-01-01', { 'eligibilityModule.sex': 'a1' })), evolveAll([]));
    expect(observed(first, withUntracked('2020-06-01', { 'eligibilityModule.sex': 'a2' })).untracked).toEqual({
      'eligibilityModule.sex': 'a2',
    });
  });
});
