import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, siteAdded, statusChanged } from '../../testing/trial-fixtures';
import { RecordDetails } from '../trial.events';

const details = (d: RecordDetails) => ({ type: 'UpdateDetails' as const, data: { nctId, ...d } });
const updated = (d: RecordDetails) => ({ type: 'TrialDetailsUpdated' as const, data: { nctId, ...d } });

describe('UpdateDetails', () => {
  it('records only the fields whose value changes', () => {
    given([registeredAs('RECRUITING')])
      .when(
        details({
          title: 'MSC for poor graft function',
          phases: ['PHASE3'],
          collaborators: [{ name: 'Xinqiao Hospital', class: 'OTHER' }],
        }),
      )
      .then([updated({ phases: ['PHASE3'], collaborators: [{ name: 'Xinqiao Hospital', class: 'OTHER' }] })]);
  });

  it('edits the title, official title, conditions, interventions and secondary IDs', () => {
    const all: RecordDetails = {
      title: 'New title',
      officialTitle: 'A new official title',
      conditions: ['Graft failure'],
      interventions: [
        { type: 'BIOLOGICAL', name: 'MSC' },
        { type: 'DRUG', name: 'Placebo' },
      ],
      secondaryIds: [{ id: 'MSC4PGF' }],
    };
    given([registeredAs('RECRUITING')])
      .when(details(all))
      .then([updated(all)]);
  });

  it('edits whyStopped only while the study is stopped', () => {
    given([registeredAs('RECRUITING'), statusChanged('RECRUITING', 'SUSPENDED', 'Supply')])
      .when(details({ whyStopped: 'Drug supply interrupted' }))
      .then([updated({ whyStopped: 'Drug supply interrupted' })]);
    given([registeredAs('RECRUITING')])
      .when(details({ whyStopped: 'No reason' }))
      .thenThrows('VALIDATION_FAILED', { violations: [expect.objectContaining({ field: 'whyStopped' })] });
  });

  it('refuses an empty title, a repeated phase, and a request that changes nothing', () => {
    given([registeredAs('RECRUITING')])
      .when(details({ title: ' ' }))
      .thenThrows('VALIDATION_FAILED', { violations: [expect.objectContaining({ field: 'title' })] });
    given([registeredAs('RECRUITING')])
      .when(details({ phases: ['PHASE2', 'PHASE2'] }))
      .thenThrows('VALIDATION_FAILED');
    given([registeredAs('RECRUITING')])
      .when(details({}))
      .thenThrows('VALIDATION_FAILED');
    given([registeredAs('RECRUITING')])
      .when(details({ phases: ['PHASE4'] }))
      .thenThrows('NO_CHANGE');
  });

  it('refuses phases on an observational study, a PRS error', () => {
    given([registeredAs('RECRUITING', { studyType: 'OBSERVATIONAL', phases: [] })])
      .when(details({ phases: ['PHASE2'] }))
      .thenThrows('INCONSISTENT_RECORD');
  });
});

describe('RemoveSite and RenameSite', () => {
  const lyon = { facility: 'Cardiology', city: 'Lyon', country: 'France' };
  const history = [registeredAs('RECRUITING'), siteAdded('s1', lyon), siteAdded('s2', { ...lyon, facility: 'Oncology' })];

  it('removes a site', () => {
    given(history)
      .when({ type: 'RemoveSite', data: { nctId, siteId: 's1' } })
      .then([{ type: 'SiteRemoved', data: { nctId, siteId: 's1' } }]);
  });

  it("renames a facility, keeping the site's id", () => {
    given(history)
      .when({ type: 'RenameSite', data: { nctId, siteId: 's1', facility: 'Cardiology Department' } })
      .then([{ type: 'SiteRenamed', data: { nctId, siteId: 's1', from: 'Cardiology', facility: 'Cardiology Department' } }]);
  });

  it('refuses an unknown site, an unchanged name, and a name that would merge two sites', () => {
    given(history)
      .when({ type: 'RemoveSite', data: { nctId, siteId: 's9' } })
      .thenThrows('SITE_NOT_FOUND');
    given(history)
      .when({ type: 'RenameSite', data: { nctId, siteId: 's1', facility: 'Cardiology' } })
      .thenThrows('NO_CHANGE');
    given(history)
      .when({ type: 'RenameSite', data: { nctId, siteId: 's1', facility: 'Oncology' } })
      .thenThrows('SITE_ALREADY_EXISTS', { siteId: 's2' });
  });
});
