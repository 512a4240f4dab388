import { TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';
import { CT_GOV_STATUS_EXTENSION, CT_GOV_TYPE_EXTENSION, FhirTrial, toResearchStudy } from './research-study';
import { FALLBACK_STATUS, STATUS_MAP, ctGovStatusesFor, statusOf } from './status-map';
import { statusConceptMap } from './concept-map';

const trial = (over: Partial<FhirTrial> = {}): FhirTrial => ({
  nctId: 'NCT06171906',
  title: 'Mesenchymal Stem Cells for Poor Graft Function',
  sponsor: { name: 'ShiCang Yu', class: 'OTHER' },
  status: 'RECRUITING',
  lastKnownStatus: null,
  phases: ['PHASE4'],
  conditions: ['Poor Graft Function'],
  enrollment: null,
  sites: [],
  startDate: null,
  completionDate: null,
  revision: 4,
  updatedAt: '2025-01-15T10:00:00.000Z',
  ...over,
});

// CT.gov -> R4 per the CTRP table (registry-rules.md §6); each row stated here, not read back from STATUS_MAP.
const EXPECTED: Record<TrialStatus, string> = {
  NOT_YET_RECRUITING: 'approved',
  RECRUITING: 'active',
  ENROLLING_BY_INVITATION: 'active',
  ACTIVE_NOT_RECRUITING: 'closed-to-accrual',
  SUSPENDED: 'temporarily-closed-to-accrual',
  TERMINATED: 'administratively-completed',
  COMPLETED: 'completed',
  WITHDRAWN: 'withdrawn',
  AVAILABLE: 'active',
  TEMPORARILY_NOT_AVAILABLE: 'temporarily-closed-to-accrual',
  NO_LONGER_AVAILABLE: 'closed-to-accrual',
  APPROVED_FOR_MARKETING: 'completed',
  UNKNOWN: 'in-review',
  WITHHELD: 'in-review',
};

describe('toResearchStudy', () => {
  it.each(TRIAL_STATUSES)(
    'given a trial %s, when mapped, then its R4 status follows the table and the extension keeps the CT.gov one',
    (status) => {
      const study = toResearchStudy(trial({ status }));
      expect(study.status).toBe(EXPECTED[status]);
      expect(study.extension).toContainEqual({ url: CT_GOV_STATUS_EXTENSION, valueCode: status });
    },
  );

  it('given UNKNOWN with a last known status, when mapped, then the status is that one (stale) and both are kept', () => {
    const study = toResearchStudy(trial({ status: 'UNKNOWN', lastKnownStatus: 'RECRUITING' }));
    expect(study.status).toBe('active');
    expect((study.extension as object[]).length).toBe(2);
    expect(statusOf('UNKNOWN', 'WITHHELD')).toBe(FALLBACK_STATUS);
  });

  it('given the identity, revision and record time, when mapped, then id, identifier and meta carry them', () => {
    expect(toResearchStudy(trial())).toMatchObject({
      resourceType: 'ResearchStudy',
      id: 'NCT06171906',
      identifier: [{ system: 'https://clinicaltrials.gov', value: 'NCT06171906' }],
      meta: { versionId: '4', lastUpdated: '2025-01-15T10:00:00.000Z' },
      title: 'Mesenchymal Stem Cells for Poor Graft Function',
      condition: [{ text: 'Poor Graft Function' }],
    });
  });

  it('given no dates, when mapped, then there is no period; given dates, then each keeps its own type or none', () => {
    expect(toResearchStudy(trial()).period).toBeUndefined();
    const period = toResearchStudy(trial({ startDate: { date: '2024-01', type: 'ACTUAL' }, completionDate: { date: '2028' } })).period;
    expect(period).toEqual({ start: '2024-01', _start: { extension: [{ url: CT_GOV_TYPE_EXTENSION, valueCode: 'ACTUAL' }] }, end: '2028' });
    expect(toResearchStudy(trial({ completionDate: { date: '2028-11-01', type: 'ESTIMATED' } })).period).toEqual({
      end: '2028-11-01',
      _end: { extension: [{ url: CT_GOV_TYPE_EXTENSION, valueCode: 'ESTIMATED' }] },
    });
  });

  it('given phases, when mapped, then R4 codes where R4 has one and text alone where it does not', () => {
    const phase = (phases: FhirTrial['phases']) =>
      toResearchStudy(trial({ phases })).phase as { coding?: { code: string }[]; text: string };
    expect(phase(['PHASE2', 'PHASE1']).coding).toEqual([expect.objectContaining({ code: 'phase-1-phase-2' })]);
    expect(phase(['NA']).coding?.[0].code).toBe('n-a');
    expect(phase(['PHASE1', 'PHASE3'])).toEqual({ text: 'PHASE1, PHASE3' });
    expect(toResearchStudy(trial({ phases: [] })).phase).toBeUndefined();
  });

  it('given sites and an enrollment, when mapped, then contained Locations and a Group are referenced', () => {
    const study = toResearchStudy(
      trial({
        sites: [{ siteId: 'a_1', facility: 'Hospital', city: 'Boston', country: 'United States' }],
        enrollment: { count: 68, type: 'ESTIMATED' },
      }),
    );
    expect(study.site).toEqual([{ reference: '#site-1' }]);
    expect(study.enrollment).toEqual([{ reference: '#enrollment' }]);
    expect(study.contained).toEqual(
      expect.arrayContaining([
        {
          resourceType: 'Location',
          id: 'site-1',
          identifier: [{ system: 'urn:trial-ledger:site-id', value: 'a_1' }],
          name: 'Hospital',
          address: { city: 'Boston', country: 'United States' },
        },
        expect.objectContaining({
          resourceType: 'Group',
          quantity: 68,
          actual: false,
          _quantity: { extension: [{ url: CT_GOV_TYPE_EXTENSION, valueCode: 'ESTIMATED' }] },
        }),
      ]),
    );
  });
});

describe('the status table as search and ConceptMap', () => {
  it('given an R4 status, when searched, then the CT.gov statuses mapping to it and the unmatched ones are scanned', () => {
    expect(ctGovStatusesFor('active')).toEqual(['RECRUITING', 'ENROLLING_BY_INVITATION', 'AVAILABLE', 'UNKNOWN', 'WITHHELD']);
  });

  it('given the table, when published, then every CT.gov status is an element with the same target', () => {
    const map = statusConceptMap('https://example.org/fhir') as {
      group: { element: { code: TrialStatus; target: { code?: string; equivalence: string }[] }[] }[];
    };
    expect(map.group[0].element.map((e) => [e.code, e.target[0].code, e.target[0].equivalence])).toEqual(
      TRIAL_STATUSES.map((s) => [s, STATUS_MAP[s].target, STATUS_MAP[s].equivalence]),
    );
  });
});
