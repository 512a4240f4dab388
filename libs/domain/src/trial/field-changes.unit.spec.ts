import { registeredAs, siteAdded, statusChanged } from '../testing/trial-fixtures';
import { fieldChanges } from './field-changes';
import { TrialEvent } from './trial.events';
import { evolveAll } from './trial.decider';
import { initialState } from './trial.state';

const changesOf = (history: TrialEvent[], event: TrialEvent) => fieldChanges(evolveAll(history), evolveAll([...history, event]));
const registered = registeredAs('NOT_YET_RECRUITING');

describe('fieldChanges', () => {
  it('describes a status change as one field', () => {
    expect(changesOf([registered], statusChanged('NOT_YET_RECRUITING', 'RECRUITING')))
      .toEqual([{ field: 'status', from: 'NOT_YET_RECRUITING', to: 'RECRUITING' }]);
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

  it('is empty when nothing changed', () => {
    const state = evolveAll([registered, siteAdded('s1', { city: 'Chongqing' })]);
    expect(fieldChanges(state, state)).toEqual([]);
    expect(fieldChanges(initialState(), initialState())).toEqual([]);
  });
});
