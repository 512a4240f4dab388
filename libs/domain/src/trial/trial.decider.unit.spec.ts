import { actualEnrollment, nctId, registeredAs, registration, siteAdded, statusChanged } from '../testing/trial-fixtures';
import { RegisteredTrial, initialState } from './trial.state';
import { evolve, evolveAll } from './trial.decider';
import { TrialEvent } from './trial.events';

const stateAfter = (...events: TrialEvent[]): RegisteredTrial => evolveAll(events) as RegisteredTrial;
const address = { facility: 'Xinqiao Hospital', city: 'Chongqing', country: 'China' };

describe('evolve', () => {
  it('starts from an unregistered trial', () => {
    expect(initialState()).toEqual({ registered: false });
  });

  it('TrialRegistered fills every field, with null for what was not registered', () => {
    expect(stateAfter(registeredAs('NOT_YET_RECRUITING'))).toEqual({
      registered: true,
      nctId,
      title: registration.title,
      officialTitle: null,
      sponsor: registration.sponsor,
      studyType: 'INTERVENTIONAL',
      phases: ['PHASE4'],
      conditions: registration.conditions,
      interventions: registration.interventions,
      enrollment: { count: 68, type: 'ESTIMATED' },
      status: 'NOT_YET_RECRUITING',
      lastKnownStatus: null,
      whyStopped: null,
      collaborators: [],
      secondaryIds: [],
      statusVerifiedDate: null,
      firstSubmittedDate: null,
      fdaRegulatedDrug: null,
      fdaRegulatedDevice: null,
      resultsFirstSubmittedDate: null,
      untrackedDigests: {},
      registryVersions: [],
      startDate: null,
      primaryCompletionDate: null,
      completionDate: null,
      sites: [],
      // What a correction needs of the revisions: correction-basis.unit.spec.ts.
      correctionBasis: expect.any(Object),
    });
  });

  it('TrialRegistered as UNKNOWN keeps the registered last known status', () => {
    expect(stateAfter(registeredAs('UNKNOWN', { lastKnownStatus: 'RECRUITING' }))).toMatchObject({
      status: 'UNKNOWN',
      lastKnownStatus: 'RECRUITING',
    });
  });

  it('TrialStatusChanged sets the status and the reason, and clears a reason that no longer applies', () => {
    const suspended = stateAfter(registeredAs('RECRUITING'), statusChanged('RECRUITING', 'SUSPENDED', 'Drug supply'));
    expect(suspended).toMatchObject({ status: 'SUSPENDED', whyStopped: 'Drug supply' });
    expect(evolve(suspended, statusChanged('SUSPENDED', 'RECRUITING'))).toMatchObject({ status: 'RECRUITING', whyStopped: null });
  });

  it('→ UNKNOWN remembers the status it left, and leaving UNKNOWN forgets it', () => {
    const unknown = stateAfter(registeredAs('ACTIVE_NOT_RECRUITING'), statusChanged('ACTIVE_NOT_RECRUITING', 'UNKNOWN'));
    expect(unknown).toMatchObject({ status: 'UNKNOWN', lastKnownStatus: 'ACTIVE_NOT_RECRUITING' });
    expect(evolve(unknown, statusChanged('UNKNOWN', 'COMPLETED'))).toMatchObject({ status: 'COMPLETED', lastKnownStatus: null });
  });

  it('a recorded UNKNOWN → UNKNOWN keeps the last known status rather than remembering UNKNOWN', () => {
    const history = [registeredAs('RECRUITING'), statusChanged('RECRUITING', 'UNKNOWN'), statusChanged('UNKNOWN', 'UNKNOWN')];
    expect(stateAfter(...history)).toMatchObject({ lastKnownStatus: 'RECRUITING' });
  });

  it('SiteAdded appends the site in order, without the trial id', () => {
    const state = stateAfter(registeredAs('RECRUITING'), siteAdded('s1', address, 'RECRUITING'), siteAdded('s2', { city: 'Chengdu' }));
    expect(state.sites).toEqual([
      { siteId: 's1', ...address, status: 'RECRUITING' },
      { siteId: 's2', city: 'Chengdu' },
    ]);
  });

  it('SiteStatusChanged changes only the named site', () => {
    const change: TrialEvent = { type: 'SiteStatusChanged', data: { nctId, siteId: 's2', to: 'COMPLETED' } };
    const state = stateAfter(
      registeredAs('RECRUITING'),
      siteAdded('s1', address, 'RECRUITING'),
      siteAdded('s2', { city: 'Chengdu' }),
      change,
    );
    expect(state.sites.map((s) => [s.siteId, s.status])).toEqual([
      ['s1', 'RECRUITING'],
      ['s2', 'COMPLETED'],
    ]);
  });

  it('EnrollmentUpdated replaces the enrollment', () => {
    expect(stateAfter(registeredAs('RECRUITING'), actualEnrollment(12)).enrollment).toEqual({ count: 12, type: 'ACTUAL' });
  });

  it('TrialDatesUpdated replaces the dates it carries and keeps the others', () => {
    const start = { date: '2024-01', type: 'ESTIMATED' as const };
    const completion = { date: '2028', type: 'ESTIMATED' as const };
    const update: TrialEvent = { type: 'TrialDatesUpdated', data: { nctId, startDate: { date: '2024-02-01', type: 'ACTUAL' } } };
    const state = stateAfter(registeredAs('RECRUITING', { startDate: start, completionDate: completion }), update);
    expect(state).toMatchObject({
      startDate: { date: '2024-02-01', type: 'ACTUAL' },
      primaryCompletionDate: null,
      completionDate: completion,
    });
  });

  it('refuses a change to a trial that was never registered, as a corrupt stream', () => {
    expect(() => evolveAll([actualEnrollment(1)])).toThrow('never registered');
  });
});
