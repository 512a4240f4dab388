import { actualEnrollment, registeredAs, siteAdded, statusChanged } from '../testing/trial-fixtures';
import { fieldChanges } from './field-changes';
import { TrialEvent } from './trial.events';
import { evolveAll } from './trial.decider';
import { initialState } from './trial.state';

const changesOf = (history: TrialEvent[], event: TrialEvent) => fieldChanges(evolveAll(history), evolveAll([...history, event]));
const registered = registeredAs('NOT_YET_RECRUITING');

describe('fieldChanges', () => {
  it('describes a status change as one field', () => {
    expect(changesOf([registered], statusChanged('NOT_YET_RECRUITING', 'RECRUITING'))).toEqual([
      { field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' },
    ]);
  });

  it('describes moving to UNKNOWN with the last known status it records', () => {
    expect(changesOf([registered], statusChanged('NOT_YET_RECRUITING', 'UNKNOWN'))).toEqual([
      { field: 'status', from: 'NOT_YET_RECRUITING', to: 'UNKNOWN' },
      { field: 'lastKnownStatus', from: null, to: 'NOT_YET_RECRUITING' },
    ]);
  });

  it('names a site status by the site id, not its position', () => {
    const history = [registered, siteAdded('a', { city: 'Chengdu' }), siteAdded('s1', { city: 'Chongqing' }, 'NOT_YET_RECRUITING')];
    const change: TrialEvent = { type: 'SiteStatusChanged', data: { nctId: 'NCT06171906', siteId: 's1', to: 'RECRUITING' } };
    expect(changesOf(history, change)).toEqual([{ field: 'sites[s1].status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' }]);
  });

  it('describes the first site by its own fields only', () => {
    expect(changesOf([registered], siteAdded('s1', { city: 'Chongqing' }))).toEqual([
      { field: 'sites[s1].siteId', from: null, to: 's1' },
      { field: 'sites[s1].city', from: null, to: 'Chongqing' },
    ]);
  });

  it('lists the registered fields from null, and nothing left empty', () => {
    const registeredLean = registeredAs('RECRUITING', { phases: [], enrollment: undefined });
    expect(fieldChanges(initialState(), evolveAll([registeredLean]))).toEqual([
      { field: 'nctId', from: null, to: 'NCT06171906' },
      { field: 'title', from: null, to: 'MSC for poor graft function' },
      { field: 'sponsor.name', from: null, to: 'ShiCang Yu' },
      { field: 'studyType', from: null, to: 'INTERVENTIONAL' },
      { field: 'conditions', from: null, to: ['Poor graft function'] },
      { field: 'interventions[0].type', from: null, to: 'BIOLOGICAL' },
      { field: 'interventions[0].name', from: null, to: 'Mesenchymal stem cells' },
      { field: 'status', from: null, to: 'RECRUITING' },
    ]);
  });

  it('lists only the touched site of a trial with many sites', () => {
    const history = [registered, ...Array.from({ length: 200 }, (_, i) => siteAdded(`s${i}`, { city: `City ${i}` }, 'NOT_YET_RECRUITING'))];
    const change: TrialEvent = { type: 'SiteStatusChanged', data: { nctId: 'NCT06171906', siteId: 's137', to: 'RECRUITING' } };
    expect(changesOf(history, change)).toEqual([{ field: 'sites[s137].status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' }]);
    expect(changesOf(history, siteAdded('s200', { city: 'Lyon' }))).toEqual([
      { field: 'sites[s200].siteId', from: null, to: 's200' },
      { field: 'sites[s200].city', from: null, to: 'Lyon' },
    ]);
  });

  it('compares list items without an id by position, even when the very same object moved', () => {
    const before = evolveAll([registered]);
    if (!before.registered) throw new Error('not registered');
    const kept = { type: 'DRUG' as const, name: 'Placebo' };
    const after = { ...before, interventions: [kept] };
    const earlier = { ...before, interventions: [{ type: 'BIOLOGICAL' as const, name: 'MSC' }, kept] };
    expect(fieldChanges(earlier, after)).toEqual([
      { field: 'interventions[0].type', from: 'BIOLOGICAL', to: 'DRUG' },
      { field: 'interventions[0].name', from: 'MSC', to: 'Placebo' },
      { field: 'interventions[1].type', from: 'DRUG', to: null },
      { field: 'interventions[1].name', from: 'Placebo', to: null },
    ]);
  });

  it('is empty when nothing changed', () => {
    const state = evolveAll([registered, siteAdded('s1', { city: 'Chongqing' })]);
    expect(fieldChanges(state, state)).toEqual([]);
    expect(fieldChanges(initialState(), initialState())).toEqual([]);
  });
});

describe("fieldChanges leaves out the decider's bookkeeping", () => {
  it("names no registry version and no digest of an untracked part, only the trial's fields", () => {
    const before = evolveAll([registered]);
    if (!before.registered) throw new Error('not registered');
    const after = {
      ...before,
      title: 'Renamed',
      registryVersions: [{ source: 's', version: 1, postedDate: '2020-01-01', recordDigest: 'd' }],
      untrackedDigests: { 'eligibilityModule.sex': 'a1' },
    };
    expect(fieldChanges(before, after)).toEqual([{ field: 'title', from: before.title, to: 'Renamed' }]);
  });

  it('names nothing of the basis of corrections, which every event extends', () => {
    expect(changesOf([registered], actualEnrollment(12)).map((c) => c.field)).toEqual(['enrollment.count', 'enrollment.type']);
  });
});
