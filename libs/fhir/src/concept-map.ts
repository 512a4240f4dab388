import { TRIAL_STATUSES } from '@trial-ledger/domain';
import { FhirResource } from './resource';
import { FALLBACK_STATUS, STATUS_MAP } from './status-map';

export const CONCEPT_MAP_ID = 'ct-gov-overall-status';
const CT_GOV_STATUS_SYSTEM = 'https://clinicaltrials.gov/data-api/api#Status';
const R4_STATUS_SYSTEM = 'http://hl7.org/fhir/research-study-status';

/** The status mapping the resources use (STATUS_MAP), published as an R4 ConceptMap. */
export const statusConceptMap = (base: string): FhirResource => ({
  resourceType: 'ConceptMap',
  id: CONCEPT_MAP_ID,
  url: `${base}/ConceptMap/${CONCEPT_MAP_ID}`,
  name: 'CtGovOverallStatusToResearchStudyStatus',
  title: 'ClinicalTrials.gov overallStatus to R4 ResearchStudy.status',
  status: 'active',
  description:
    'After the NCI CTRP <-> ClinicalTrials.gov status table and mcode/clinical-trial-matching-service (study-fhir-converter.ts). ' +
    `UNKNOWN and WITHHELD have no R4 code: a ResearchStudy then carries the code of lastKnownStatus, or ${FALLBACK_STATUS}, ` +
    'with the CT.gov status in an extension.',
  sourceUri: CT_GOV_STATUS_SYSTEM,
  targetUri: 'http://hl7.org/fhir/ValueSet/research-study-status',
  group: [
    {
      source: CT_GOV_STATUS_SYSTEM,
      target: R4_STATUS_SYSTEM,
      element: TRIAL_STATUSES.map((code) => {
        const { target, equivalence, comment } = STATUS_MAP[code];
        return { code, target: [{ ...(target ? { code: target } : {}), equivalence, comment }] };
      }),
    },
  ],
});
