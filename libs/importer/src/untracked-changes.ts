type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `module.field` paths of protocolSection that the ledger records, or that describe the version itself. */
const TRACKED = new Set([
  'identificationModule.nctId', 'identificationModule.briefTitle', 'identificationModule.officialTitle', 'identificationModule.secondaryIdInfos',
  'statusModule.overallStatus', 'statusModule.lastKnownStatus', 'statusModule.whyStopped', 'statusModule.statusVerifiedDate',
  'statusModule.studyFirstSubmitDate', 'statusModule.startDateStruct', 'statusModule.primaryCompletionDateStruct', 'statusModule.completionDateStruct',
  'statusModule.lastUpdateSubmitDate', 'statusModule.resultsFirstSubmitDate',
  'oversightModule.isFdaRegulatedDrug', 'oversightModule.isFdaRegulatedDevice', 'statusModule.lastUpdatePostDateStruct',
  'sponsorCollaboratorsModule.leadSponsor', 'sponsorCollaboratorsModule.collaborators',
  'designModule.studyType', 'designModule.phases', 'designModule.enrollmentInfo',
  'conditionsModule.conditions', 'armsInterventionsModule.interventions', 'contactsLocationsModule.locations',
]);

const fieldsOf = (record: Obj): Map<string, string> => {
  const out = new Map<string, string>();
  const p = isObj(record.protocolSection) ? record.protocolSection : {};
  for (const [module, body] of Object.entries(p)) {
    if (!isObj(body)) continue;
    for (const [key, value] of Object.entries(body)) out.set(`${module}.${key}`, JSON.stringify(value));
  }
  return out;
};

/**
 * The fields of protocolSection that differ between two consecutive versions of a record and that the ledger does
 * not record (eligibility, outcomes, descriptions …): each is reported, so that no difference passes unsaid.
 */
export const untrackedChanges = (previous: Obj, next: Obj): string[] => {
  const before = fieldsOf(previous);
  const after = fieldsOf(next);
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => !TRACKED.has(path) && before.get(path) !== after.get(path)).sort();
};
