import { FhirResource } from './resource';

/** What /fhir serves: read, vread, history of one study, and the search parameters parseStudySearch accepts. */
export const capabilityStatement = (base: string, date: string): FhirResource => ({
  resourceType: 'CapabilityStatement',
  status: 'active',
  date,
  kind: 'instance',
  software: { name: 'Trial Ledger' },
  implementation: { description: 'Trial Ledger: clinical-trial lifecycles, read-only FHIR view', url: base },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json'],
  rest: [
    {
      mode: 'server',
      security: { description: 'Bearer JWT; roles reader, operator or auditor (as /trials). This statement needs none.' },
      resource: [
        {
          type: 'ResearchStudy',
          versioning: 'versioned',
          readHistory: true,
          interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'history-instance' }, { code: 'search-type' }],
          searchParam: [
            { name: 'status', type: 'token', documentation: 'R4 research-study-status codes, comma-separated for any of them' },
            { name: '_lastUpdated', type: 'date', documentation: 'Prefixes eq, gt, ge, lt, le; repeat for a range' },
            { name: '_count', type: 'number', documentation: 'Page size, 0 to 100 (default 20)' },
            { name: '_offset', type: 'number', documentation: 'Matches to skip; the links of a searchset page carry it' },
          ],
        },
        { type: 'ConceptMap', interaction: [{ code: 'read' }] },
      ],
    },
  ],
});
