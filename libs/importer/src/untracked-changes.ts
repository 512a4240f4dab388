import { createHash } from 'node:crypto';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `module.field` paths of protocolSection that the ledger records, or that describe the version itself. */
const TRACKED = new Set([
  'identificationModule.nctId',
  'identificationModule.briefTitle',
  'identificationModule.officialTitle',
  'identificationModule.secondaryIdInfos',
  'statusModule.overallStatus',
  'statusModule.lastKnownStatus',
  'statusModule.whyStopped',
  'statusModule.statusVerifiedDate',
  'statusModule.studyFirstSubmitDate',
  'statusModule.startDateStruct',
  'statusModule.primaryCompletionDateStruct',
  'statusModule.completionDateStruct',
  'statusModule.lastUpdateSubmitDate',
  'statusModule.resultsFirstSubmitDate',
  'oversightModule.isFdaRegulatedDrug',
  'oversightModule.isFdaRegulatedDevice',
  'statusModule.lastUpdatePostDateStruct',
  'sponsorCollaboratorsModule.leadSponsor',
  'sponsorCollaboratorsModule.collaborators',
  'designModule.studyType',
  'designModule.phases',
  'designModule.enrollmentInfo',
  'conditionsModule.conditions',
  'armsInterventionsModule.interventions',
  'contactsLocationsModule.locations',
]);

/**
 * A short digest of each `module.field` of protocolSection the ledger does not record (eligibility, outcomes,
 * descriptions …). The ledger keeps these, not the text, so that a later version that changes one is reported.
 */
export const untrackedDigests = (record: Obj): Record<string, string> => {
  const out: Record<string, string> = {};
  const p = isObj(record.protocolSection) ? record.protocolSection : {};
  for (const [module, body] of Object.entries(p)) {
    if (!isObj(body)) continue;
    for (const [key, value] of Object.entries(body)) {
      const path = `${module}.${key}`;
      if (!TRACKED.has(path)) out[path] = createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
    }
  }
  return out;
};
