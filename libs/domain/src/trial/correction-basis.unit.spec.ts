import { actualEnrollment, nctId, registeredAs, siteAdded, statusChanged } from '../testing/trial-fixtures';
import { CORRECTABLE_FIELDS } from './corrections';
import { recordedAt } from './correction-basis';
import { evolve, evolveAll } from './trial.decider';
import { RecordCorrected, TrialEvent } from './trial.events';
import { CorrectionBasis, RegisteredTrial, TrialState } from './trial.state';

const trialAfter = (events: TrialEvent[]): RegisteredTrial => evolveAll(events) as RegisteredTrial;
const basisAfter = (events: TrialEvent[]): CorrectionBasis => trialAfter(events).correctionBasis;

const startDate = (date: string): TrialEvent => ({ type: 'TrialDatesUpdated', data: { nctId, startDate: { date, type: 'ACTUAL' } } });
const fixCount = (revision: number, count: number): RecordCorrected => ({
  type: 'RecordCorrected',
  data: { nctId, correctedRevision: revision, correctedType: 'EnrollmentUpdated', corrections: { enrollment: { count, type: 'ACTUAL' } } },
});
const siteStatus: TrialEvent = { type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } };

// 1 registered, 2 site s1, 3 an actual count of 12, 4 suspended with a reason, 5 a start date, 6 resumed.
const history: TrialEvent[] = [
  registeredAs('RECRUITING'),
  siteAdded('s1', { facility: 'Xinqiao Hospital', city: 'Chongqin' }),
  actualEnrollment(12),
  statusChanged('RECRUITING', 'SUSPENDED', 'Drug supply'),
  startDate('2024-02'),
  statusChanged('SUSPENDED', 'RECRUITING'),
];

describe('correction basis: what each revision recorded', () => {
  it('given a history, holds each revision in order, with the fields a correction of it may put right', () => {
    expect([...basisAfter([...history, fixCount(3, 21), siteStatus]).revisions]).toEqual([
      { type: 'TrialRegistered', fields: CORRECTABLE_FIELDS.TrialRegistered },
      { type: 'SiteAdded', fields: CORRECTABLE_FIELDS.SiteAdded, siteId: 's1' },
      { type: 'EnrollmentUpdated', fields: ['enrollment'] },
      { type: 'TrialStatusChanged', fields: ['whyStopped'] },
      { type: 'TrialDatesUpdated', fields: ['startDate'] },
      { type: 'TrialStatusChanged', fields: [] },
      { type: 'RecordCorrected', correctedRevision: 3 },
      { type: 'SiteStatusChanged' },
    ]);
  });
});

describe('correction basis: the revisions as states share them', () => {
  const types = (trial: TrialState) => [...(trial as RegisteredTrial).correctionBasis.revisions].map((r) => r.type);

  it('given a state folded on, still holds only its own revisions', () => {
    const before = trialAfter(history.slice(0, 3));
    evolveAll(history.slice(3), before);
    expect(types(before)).toEqual(['TrialRegistered', 'SiteAdded', 'EnrollmentUpdated']);
    expect(recordedAt(before.correctionBasis, 4)).toBeNull();
  });

  it('given one state folded two ways, as a command decided again, keeps each fold apart', () => {
    const before = trialAfter(history.slice(0, 2));
    const [counted, suspended] = [evolve(before, actualEnrollment(12)), evolve(before, history[3])];
    const [countedOn, suspendedOn] = [evolve(counted, siteStatus), evolve(suspended, siteStatus)];
    expect(types(countedOn)).toEqual(['TrialRegistered', 'SiteAdded', 'EnrollmentUpdated', 'SiteStatusChanged']);
    expect(types(suspendedOn)).toEqual(['TrialRegistered', 'SiteAdded', 'TrialStatusChanged', 'SiteStatusChanged']);
    expect(types(before)).toEqual(['TrialRegistered', 'SiteAdded']);
  });

  it('given a state written as JSON, writes its revisions as a plain list', () => {
    const stored = JSON.parse(JSON.stringify(trialAfter(history.slice(0, 2)))) as RegisteredTrial;
    expect(stored.correctionBasis.revisions).toEqual([
      { type: 'TrialRegistered', fields: CORRECTABLE_FIELDS.TrialRegistered },
      { type: 'SiteAdded', fields: CORRECTABLE_FIELDS.SiteAdded, siteId: 's1' },
    ]);
    expect(recordedAt(stored.correctionBasis, 2)).toEqual({ type: 'SiteAdded', fields: CORRECTABLE_FIELDS.SiteAdded, siteId: 's1' });
  });
});

describe('correction basis: which events changed a value a correction can write', () => {
  it("given a registration and a site, indexes the values they set: the trial's by field, a site's by site id and field", () => {
    const basis = basisAfter(history.slice(0, 2));
    expect(Object.keys(basis.trialChanges).sort()).toEqual([
      'conditions',
      'enrollment',
      'interventions',
      'phases',
      'sponsor',
      'studyType',
      'title',
    ]);
    expect(basis.siteChanges).toEqual({
      s1: {
        facility: { latest: { revision: 2, corrects: null }, latestOther: null },
        city: { latest: { revision: 2, corrects: null }, latestOther: null },
      },
    });
  });

  it('when a later event changes a value, holds it as the latest change', () => {
    expect(basisAfter(history).trialChanges.whyStopped).toEqual({ latest: { revision: 6, corrects: null }, latestOther: null });
    expect(basisAfter(history).trialChanges.startDate).toEqual({ latest: { revision: 5, corrects: null }, latestOther: null });
  });

  it('when a correction changes a value, keeps the latest change that is not a correction of the same revision', () => {
    const corrected = [...history, fixCount(3, 21), fixCount(3, 20)];
    expect(basisAfter(corrected).trialChanges.enrollment).toEqual({
      latest: { revision: 8, corrects: 3 },
      latestOther: { revision: 3, corrects: null },
    });
    expect(basisAfter([...corrected, actualEnrollment(15)]).trialChanges.enrollment).toEqual({
      latest: { revision: 9, corrects: null },
      latestOther: { revision: 8, corrects: 3 },
    });
  });

  it('when a site is renamed, added after others or removed, holds the change under that site only', () => {
    const sites: TrialEvent[] = [
      ...history,
      siteAdded('s2', { city: 'Chengdu' }),
      { type: 'SiteRenamed', data: { nctId, siteId: 's1', facility: 'Xinqiao Hosp.' } },
      { type: 'SiteRemoved', data: { nctId, siteId: 's1' } },
    ];
    const basis = basisAfter(sites);
    expect(basis.siteChanges.s1).toEqual({
      facility: { latest: { revision: 9, corrects: null }, latestOther: null },
      city: { latest: { revision: 9, corrects: null }, latestOther: null },
    });
    expect(basis.siteChanges.s2).toEqual({ city: { latest: { revision: 7, corrects: null }, latestOther: null } });
    expect(basisAfter(sites.slice(0, 8)).siteChanges.s1?.facility).toEqual({ latest: { revision: 8, corrects: null }, latestOther: null });
  });

  it('when an event changes nothing a correction can write, shares the indexes of the state before', () => {
    const before = trialAfter(history);
    const after = evolve(before, siteStatus) as RegisteredTrial;
    expect(after.correctionBasis.trialChanges).toBe(before.correctionBasis.trialChanges);
    expect(after.correctionBasis.siteChanges).toBe(before.correctionBasis.siteChanges);
    expect(after.correctionBasis.revisions).toHaveLength(7);
  });
});

describe('correction basis: a state as stored', () => {
  it('given a state through JSON, as a snapshot or a read model holds it, evolves to the same basis', () => {
    const stored = JSON.parse(JSON.stringify(trialAfter(history))) as TrialState;
    expect(evolve(stored, fixCount(3, 21))).toEqual(trialAfter([...history, fixCount(3, 21)]));
  });

  it('given a state stored before the basis existed, evolves it, starting the basis afresh', () => {
    const { correctionBasis: _basis, ...older } = trialAfter(history);
    const after = evolve(older as TrialState, actualEnrollment(15)) as RegisteredTrial;
    expect(after.enrollment).toEqual({ count: 15, type: 'ACTUAL' });
    expect([...after.correctionBasis.revisions]).toEqual([{ type: 'EnrollmentUpdated', fields: ['enrollment'] }]);
  });
});
