import { given } from '../../testing/given-when-then';
import { actualEnrollment, nctId, registeredAs, siteAdded, statusChanged, violationsOf } from '../../testing/trial-fixtures';
import { fieldChanges } from '../field-changes';
import { evolveAll } from '../trial.decider';
import { CorrectRecord } from '../trial.commands';
import { RegisteredTrial } from '../trial.state';
import { CorrectableEventType, RecordCorrected, RecordCorrections, TrialEvent } from '../trial.events';

const xinqiao = { facility: 'Xinqiao Hospital', city: 'Chongqin', country: 'China' };
const datesUpdated: TrialEvent = { type: 'TrialDatesUpdated', data: { nctId, startDate: { date: '2024-02', type: 'ACTUAL' } } };

// Revision n is history[n - 1]: the decider knows the event there, and what changed since, from its state alone.
const correct = (revision: number, corrections: RecordCorrections): CorrectRecord => ({
  type: 'CorrectRecord',
  data: { nctId, correctsRevision: revision, corrections },
});

const corrected = (revision: number, type: CorrectableEventType, corrections: RecordCorrections, siteId?: string): RecordCorrected => ({
  type: 'RecordCorrected',
  data: { nctId, correctedRevision: revision, correctedType: type, ...(siteId ? { siteId } : {}), corrections },
});

// 1 registered (68 ESTIMATED), 2 site s1 with a misspelt city, 3 an actual count of 12, 4 suspended, 5 a start date.
const history: TrialEvent[] = [
  registeredAs('RECRUITING'),
  siteAdded('s1', xinqiao),
  actualEnrollment(12),
  statusChanged('RECRUITING', 'SUSPENDED', 'Drug supply'),
  datesUpdated,
];

describe('CorrectRecord: what can be corrected', () => {
  it('corrects an enrollment, naming the corrected revision and its type', () => {
    given(history)
      .when(correct(3, { enrollment: { count: 21, type: 'ACTUAL' } }))
      .then([corrected(3, 'EnrollmentUpdated', { enrollment: { count: 21, type: 'ACTUAL' } })]);
  });

  it("corrects a site's address under the same site id", () => {
    given(history)
      .when(correct(2, { city: 'Chongqing' }))
      .then([corrected(2, 'SiteAdded', { city: 'Chongqing' }, 's1')]);
  });

  it('corrects registered values, recording only those that really change', () => {
    given(history)
      .when(correct(1, { title: 'MSC for poor graft function after HSCT', studyType: 'INTERVENTIONAL', phases: ['PHASE3'] }))
      .then([corrected(1, 'TrialRegistered', { title: 'MSC for poor graft function after HSCT', phases: ['PHASE3'] })]);
  });

  it('corrects a date the update recorded, and the reason of a stop', () => {
    given(history)
      .when(correct(5, { startDate: { date: '2024-03', type: 'ACTUAL' } }))
      .then([corrected(5, 'TrialDatesUpdated', { startDate: { date: '2024-03', type: 'ACTUAL' } })]);
    given(history)
      .when(correct(4, { whyStopped: 'Drug supply interrupted' }))
      .then([corrected(4, 'TrialStatusChanged', { whyStopped: 'Drug supply interrupted' })]);
  });

  it('corrects the same revision again: an earlier correction is not a later change', () => {
    const twice = [...history, corrected(3, 'EnrollmentUpdated', { enrollment: { count: 21, type: 'ACTUAL' } })];
    given(twice)
      .when(correct(3, { enrollment: { count: 20, type: 'ACTUAL' } }))
      .then([corrected(3, 'EnrollmentUpdated', { enrollment: { count: 20, type: 'ACTUAL' } })]);
  });
});

describe('CorrectRecord: what is refused', () => {
  it('refuses an unregistered trial, and a revision the trial does not have', () => {
    given([])
      .when(correct(1, { title: 'x' }))
      .thenThrows('TRIAL_NOT_FOUND', { nctId });
    given(history)
      .when(correct(6, { title: 'x' }))
      .thenThrows('VALIDATION_FAILED', violationsOf('revision'));
    given(history)
      .when(correct(0, { title: 'x' }))
      .thenThrows('VALIDATION_FAILED', violationsOf('revision'));
  });

  it('refuses a correction that names no field', () => {
    given(history).when(correct(3, {})).thenThrows('VALIDATION_FAILED', violationsOf('corrections'));
    given(history)
      .when(correct(3, { enrollment: undefined }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections'));
  });

  it('never corrects a status: a wrong status is changed anew, under the transition rules', () => {
    const error = given(history)
      .when(correct(4, { status: 'RECRUITING' } as RecordCorrections))
      .thenThrows('CORRECTION_NOT_ALLOWED', {
        revision: 4,
        correctedType: 'TrialStatusChanged',
        fields: ['status'],
        allowed: ['whyStopped'],
      });
    expect(error.message).toContain('a wrong status is put right by a new status change');
    const siteStatus: TrialEvent = { type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } };
    given([...history, siteStatus])
      .when(correct(6, { city: 'Chongqing' }))
      .thenThrows('CORRECTION_NOT_ALLOWED', { revision: 6, correctedType: 'SiteStatusChanged' });
  });

  it('refuses fields the corrected type did not record', () => {
    given(history)
      .when(correct(3, { title: 'x' }))
      .thenThrows('CORRECTION_NOT_ALLOWED', { fields: ['title'], allowed: ['enrollment'] });
    given(history)
      .when(correct(2, { siteId: 's9' } as RecordCorrections))
      .thenThrows('CORRECTION_NOT_ALLOWED', { fields: ['siteId'] });
    given(history)
      .when(correct(1, { enrollment: { count: 1, type: 'ACTUAL' } }))
      .thenThrows('CORRECTION_NOT_ALLOWED', { fields: ['enrollment'] });
    given(history)
      .when(correct(5, { completionDate: { date: '2028', type: 'ESTIMATED' } }))
      .thenThrows('CORRECTION_NOT_ALLOWED', { fields: ['completionDate'], allowed: ['startDate'] });
    const resumed = [...history, statusChanged('SUSPENDED', 'RECRUITING')];
    given(resumed)
      .when(correct(6, { whyStopped: 'x' }))
      .thenThrows('CORRECTION_NOT_ALLOWED', { fields: ['whyStopped'], allowed: [] });
  });

  it('refuses to correct a correction, pointing at the original record', () => {
    const withCorrection = [...history, corrected(3, 'EnrollmentUpdated', { enrollment: { count: 21, type: 'ACTUAL' } })];
    const error = given(withCorrection)
      .when(correct(6, { enrollment: { count: 20, type: 'ACTUAL' } }))
      .thenThrows('CORRECTION_NOT_ALLOWED', { revision: 6, correctedType: 'RecordCorrected' });
    expect(error.message).toContain('correct revision 3');
  });

  it('refuses a field a later event changed, since the correction would overwrite the later value', () => {
    const recount = [...history, actualEnrollment(15)];
    given(recount)
      .when(correct(3, { enrollment: { count: 21, type: 'ACTUAL' } }))
      .thenThrows('CORRECTION_SUPERSEDED', { revision: 3, fields: ['enrollment'] });
    const retitled: TrialEvent[] = [...history, { type: 'TrialDetailsUpdated', data: { nctId, title: 'MSC after HSCT' } }];
    given(retitled)
      .when(correct(1, { title: 'MSC for poor graft function after HSCT', studyType: 'OBSERVATIONAL' }))
      .thenThrows('CORRECTION_SUPERSEDED', { revision: 1, fields: ['title'] });
    const renamed: TrialEvent[] = [...history, { type: 'SiteRenamed', data: { nctId, siteId: 's1', facility: 'Xinqiao Hosp.' } }];
    given(renamed)
      .when(correct(2, { facility: 'Xinqiao', city: 'Chongqing' }))
      .thenThrows('CORRECTION_SUPERSEDED', { revision: 2, fields: ['facility'] });
    const removed: TrialEvent[] = [...history, { type: 'SiteRemoved', data: { nctId, siteId: 's1' } }];
    given(removed)
      .when(correct(2, { city: 'Chongqing' }))
      .thenThrows('CORRECTION_SUPERSEDED', { revision: 2, fields: ['city'] });
  });

  it('refuses a value another correction put right since: only corrections of the same revision do not count', () => {
    const later: TrialEvent = { type: 'TrialDatesUpdated', data: { nctId, startDate: { date: '2024-04', type: 'ACTUAL' } } };
    const fixed = [...history, later, corrected(6, 'TrialDatesUpdated', { startDate: { date: '2024-05', type: 'ACTUAL' } })];
    given(fixed)
      .when(correct(5, { startDate: { date: '2024-03', type: 'ACTUAL' } }))
      .thenThrows('CORRECTION_SUPERSEDED', { revision: 5, fields: ['startDate'] });
    given(fixed)
      .when(correct(6, { startDate: { date: '2024-06', type: 'ACTUAL' } }))
      .then([corrected(6, 'TrialDatesUpdated', { startDate: { date: '2024-06', type: 'ACTUAL' } })]);
  });

  it('lets later changes of other fields or other sites pass', () => {
    const later: TrialEvent[] = [
      ...history,
      { type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } },
      siteAdded('s2', { city: 'Chengdu' }),
      { type: 'SiteRenamed', data: { nctId, siteId: 's1', facility: 'Xinqiao Hosp.' } },
      statusChanged('SUSPENDED', 'RECRUITING'),
      { type: 'TrialDetailsUpdated', data: { nctId, officialTitle: 'MSC for poor graft function: a phase 4 study' } },
    ];
    given(later)
      .when(correct(2, { city: 'Chongqing' }))
      .then([corrected(2, 'SiteAdded', { city: 'Chongqing' }, 's1')]);
    given(later)
      .when(correct(1, { title: 'Corrected' }))
      .then([corrected(1, 'TrialRegistered', { title: 'Corrected' })]);
  });

  it('holds corrected values to the invariants of the original commands', () => {
    given(history)
      .when(correct(3, { enrollment: { count: -1, type: 'ACTUAL' } }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections.enrollment.count'));
    given(history)
      .when(correct(1, { title: ' ', sponsor: { name: '' } }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections.title', 'corrections.sponsor.name'));
    given(history)
      .when(correct(5, { startDate: { date: '2024-02-30', type: 'ACTUAL' } }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections.startDate.date'));
    given(history)
      .when(correct(4, { whyStopped: '  ' }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections.whyStopped'));
    given(history)
      .when(correct(2, { city: ' ', zip: '' }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections.city', 'corrections.zip'));
  });

  it('refuses actual participants on a WITHDRAWN trial, as UpdateEnrollment does', () => {
    const withdrawn = [registeredAs('RECRUITING'), actualEnrollment(0), statusChanged('RECRUITING', 'WITHDRAWN', 'No funding')];
    given(withdrawn)
      .when(correct(2, { enrollment: { count: 3, type: 'ACTUAL' } }))
      .thenThrows('VALIDATION_FAILED', violationsOf('corrections.enrollment'));
  });

  it("refuses an address that is another site's", () => {
    const twoSites = [...history, siteAdded('s2', { facility: 'Southwest Hospital', city: 'Chongqing', country: 'China' })];
    given(twoSites)
      .when(correct(2, { facility: 'southwest hospital', city: 'Chongqing' }))
      .thenThrows('SITE_ALREADY_EXISTS', { nctId, siteId: 's2' });
  });

  it('refuses a correction that changes nothing', () => {
    given(history)
      .when(correct(3, { enrollment: { count: 12, type: 'ACTUAL' } }))
      .thenThrows('NO_CHANGE', { nctId, revision: 3 });
    given(history)
      .when(correct(2, { city: 'Chongqin', country: 'China' }))
      .thenThrows('NO_CHANGE', { revision: 2 });
  });
});

describe('evolve: RecordCorrected', () => {
  const stateAfter = (events: TrialEvent[]) => evolveAll(events) as RegisteredTrial;
  const fixCount = corrected(3, 'EnrollmentUpdated', { enrollment: { count: 21, type: 'ACTUAL' } });
  const fixCity = corrected(2, 'SiteAdded', { city: 'Chongqing' }, 's1');

  it('applies the corrected values; a replay before the correction still shows the recorded ones', () => {
    expect(stateAfter(history).enrollment).toEqual({ count: 12, type: 'ACTUAL' });
    expect(stateAfter([...history, fixCount]).enrollment).toEqual({ count: 21, type: 'ACTUAL' });
  });

  it('changes only the corrected fields of the named site, keeping its id and status', () => {
    const siteStatus: TrialEvent = { type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } };
    const other = siteAdded('s2', { city: 'Chengdu' });
    expect(stateAfter([...history, siteStatus, other, fixCity]).sites).toEqual([
      { siteId: 's1', facility: 'Xinqiao Hospital', city: 'Chongqing', country: 'China', status: 'RECRUITING' },
      { siteId: 's2', city: 'Chengdu' },
    ]);
  });

  it('ignores fields the corrected type does not allow, so a stored event can never set a status', () => {
    const forged = corrected(4, 'TrialStatusChanged', { whyStopped: 'Supply', status: 'COMPLETED' } as RecordCorrections);
    expect(stateAfter([...history, forged])).toMatchObject({ status: 'SUSPENDED', whyStopped: 'Supply' });
  });

  it('reads in the history as field changes of its own', () => {
    expect(fieldChanges(stateAfter(history), stateAfter([...history, fixCount]))).toEqual([
      { field: 'enrollment.count', from: 12, to: 21 },
    ]);
    expect(fieldChanges(stateAfter(history), stateAfter([...history, fixCity]))).toEqual([
      { field: 'sites[s1].city', from: 'Chongqin', to: 'Chongqing' },
    ]);
  });
});
