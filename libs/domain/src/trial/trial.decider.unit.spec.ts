import { given } from '../testing/given-when-then';
import { RegisterTrial } from './trial.commands';
import { TrialEvent } from './trial.events';
import { STATUS_TRANSITIONS } from './status-transitions';
import { TRIAL_STATUSES, TrialStatus } from './trial.values';
import { evolveAll } from './trial.decider';
import { fieldChanges } from './field-changes';
import { ValidationError } from '../shared/domain-error';

const nctId = 'NCT06171906';
const registration: RegisterTrial['data'] = {
  nctId, title: 'MSC for poor graft function', sponsor: { name: 'ShiCang Yu' }, studyType: 'INTERVENTIONAL',
  phases: ['PHASE4'], conditions: ['MSC'], interventions: [{ type: 'BIOLOGICAL', name: 'MSC' }], enrollment: { count: 68, type: 'ESTIMATED' },
};
const registered = (status: TrialStatus = 'NOT_YET_RECRUITING', extra = {}): TrialEvent =>
  ({ type: 'TrialRegistered', data: { ...registration, status, ...extra } });
const changed = (from: TrialStatus, to: TrialStatus, whyStopped?: string): TrialEvent =>
  ({ type: 'TrialStatusChanged', data: whyStopped ? { nctId, from, to, whyStopped } : { nctId, from, to } });
const update = (status: TrialStatus, whyStopped?: string) => ({ type: 'UpdateStatus' as const, data: { nctId, status, whyStopped } });

describe('RegisterTrial', () => {
  it('registers as NOT_YET_RECRUITING by default', () =>
    given([]).when({ type: 'RegisterTrial', data: registration }).then([registered()]));

  it('refuses a second registration', () => {
    given([registered()]).when({ type: 'RegisterTrial', data: registration }).thenThrows('TRIAL_ALREADY_REGISTERED');
  });

  it('lists every invalid field at once', () => {
    const data = { ...registration, nctId: 'NCT1', title: ' ', startDate: { date: '2021-02-30', type: 'ACTUAL' as const }, enrollment: { count: -1, type: 'ACTUAL' as const } };
    const error = given([]).when({ type: 'RegisterTrial', data }).thenThrows('VALIDATION_FAILED') as ValidationError;
    expect(error.violations.map((v) => v.field)).toEqual(['nctId', 'title', 'enrollment.count', 'startDate.date']);
  });

  it('requires whyStopped to register a stopped trial, and refuses WITHDRAWN with actual enrollment', () => {
    given([]).when({ type: 'RegisterTrial', data: { ...registration, status: 'TERMINATED' } }).thenThrows('VALIDATION_FAILED');
    given([]).when({ type: 'RegisterTrial', data: { ...registration, status: 'WITHDRAWN', whyStopped: 'x', enrollment: { count: 3, type: 'ACTUAL' } } })
      .thenThrows('VALIDATION_FAILED');
  });
});

describe('UpdateStatus follows the one transition table', () => {
  const reach = (status: TrialStatus): TrialEvent[] => {
    if (status === 'NOT_YET_RECRUITING') return [registered()];
    if (status === 'TERMINATED' || status === 'COMPLETED') return [registered(), changed('NOT_YET_RECRUITING', 'RECRUITING'), changed('RECRUITING', status, 'why')];
    return [registered(), changed('NOT_YET_RECRUITING', status, 'why')];
  };
  const froms = Object.keys(STATUS_TRANSITIONS) as (keyof typeof STATUS_TRANSITIONS)[];

  it.each(froms)('from %s: every allowed target succeeds, every other is refused naming from, to and allowed', (from) => {
    for (const to of TRIAL_STATUSES) {
      const allowed = STATUS_TRANSITIONS[from];
      if (allowed.includes(to)) given(reach(from)).when(update(to, 'reason')).then([changed(from, to, 'reason')]);
      else given(reach(from)).when(update(to, 'reason')).thenThrows('INVALID_STATUS_TRANSITION', { from, to, allowed: [...allowed] });
    }
  });

  it('requires whyStopped for SUSPENDED, TERMINATED and WITHDRAWN', () => {
    for (const to of ['SUSPENDED', 'WITHDRAWN'] as const) given([registered()]).when(update(to)).thenThrows('VALIDATION_FAILED');
    given(reach('RECRUITING')).when(update('TERMINATED')).thenThrows('VALIDATION_FAILED');
  });

  it('allows WITHDRAWN only before any actual enrollment', () => {
    const enrolled: TrialEvent = { type: 'EnrollmentUpdated', data: { nctId, count: 2, type: 'ACTUAL' } };
    given([...reach('RECRUITING'), enrolled]).when(update('WITHDRAWN', 'x')).thenThrows('INVALID_STATUS_TRANSITION', { to: 'WITHDRAWN' });
    given(reach('RECRUITING')).when(update('WITHDRAWN', 'x')).then([changed('RECRUITING', 'WITHDRAWN', 'x')]);
  });

  it('keeps the last known status while UNKNOWN and leaves only towards it or its onward targets', () => {
    const history = [...reach('RECRUITING'), changed('RECRUITING', 'UNKNOWN')];
    const state = evolveAll(history);
    expect(state).toMatchObject({ status: 'UNKNOWN', lastKnownStatus: 'RECRUITING' });
    given(history).when(update('RECRUITING')).then([changed('UNKNOWN', 'RECRUITING')]);
    given(history).when(update('NOT_YET_RECRUITING')).thenThrows('INVALID_STATUS_TRANSITION', { from: 'UNKNOWN' });
    given(history).when(update('UNKNOWN')).thenThrows('INVALID_STATUS_TRANSITION');
    expect(evolveAll([...history, changed('UNKNOWN', 'RECRUITING')])).toMatchObject({ lastKnownStatus: null });
  });

  it('refuses a change to a trial that was never registered', () => {
    given([]).when(update('RECRUITING')).thenThrows('TRIAL_NOT_FOUND');
  });
});

describe('sites, enrollment and dates', () => {
  const site = { type: 'AddSite' as const, data: { nctId, siteId: 's1', facility: 'Xinqiao Hospital', city: 'Chongqing', country: 'China' } };

  it('adds a site once, by id and by address', () => {
    given([registered()]).when(site).then([{ type: 'SiteAdded', data: site.data }]);
    const added: TrialEvent = { type: 'SiteAdded', data: site.data };
    given([registered(), added]).when(site).thenThrows('SITE_ALREADY_EXISTS');
    given([registered(), added]).when({ ...site, data: { ...site.data, siteId: 's2', facility: ' xinqiao  hospital' } }).thenThrows('SITE_ALREADY_EXISTS');
  });

  it('changes a site status with from and to, refusing unknown sites and no-op changes', () => {
    const added: TrialEvent = { type: 'SiteAdded', data: { ...site.data, status: 'NOT_YET_RECRUITING' } };
    const cmd = (siteId: string, status: 'RECRUITING' | 'NOT_YET_RECRUITING') => ({ type: 'UpdateSiteStatus' as const, data: { nctId, siteId, status } });
    given([registered(), added]).when(cmd('s1', 'RECRUITING')).then([{ type: 'SiteStatusChanged', data: { nctId, siteId: 's1', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' } }]);
    given([registered(), added]).when(cmd('s9', 'RECRUITING')).thenThrows('SITE_NOT_FOUND');
    given([registered(), added]).when(cmd('s1', 'NOT_YET_RECRUITING')).thenThrows('NO_CHANGE');
  });

  it('updates enrollment and only the dates that change', () => {
    given([registered()]).when({ type: 'UpdateEnrollment', data: { nctId, count: 68, type: 'ESTIMATED' } }).thenThrows('NO_CHANGE');
    const start = { date: '2024-01', type: 'ACTUAL' as const };
    const withStart = registered('NOT_YET_RECRUITING', { startDate: { date: '2024-01', type: 'ESTIMATED' }, completionDate: { date: '2028', type: 'ESTIMATED' } });
    given([withStart]).when({ type: 'UpdateDates', data: { nctId, startDate: start, completionDate: { date: '2028', type: 'ESTIMATED' } } })
      .then([{ type: 'TrialDatesUpdated', data: { nctId, startDate: start } }]);
  });
});

describe('fieldChanges', () => {
  it('describes a status change and a site status change by field', () => {
    const before = evolveAll([registered(), { type: 'SiteAdded', data: { nctId, siteId: 's1', city: 'Chongqing' } }]);
    const after = evolveAll([registered(), { type: 'SiteAdded', data: { nctId, siteId: 's1', city: 'Chongqing' } }, changed('NOT_YET_RECRUITING', 'RECRUITING'),
      { type: 'SiteStatusChanged', data: { nctId, siteId: 's1', to: 'RECRUITING' } }]);
    expect(fieldChanges(before, after)).toEqual([
      { field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' },
      { field: 'sites[s1].status', from: null, to: 'RECRUITING' },
    ]);
    expect(fieldChanges(after, after)).toEqual([]);
  });
});
