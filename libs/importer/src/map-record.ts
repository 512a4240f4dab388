import {
  AGENCY_CLASSES, AgencyClass, DateStruct, Enrollment, INTERVENTION_TYPES, InterventionType, PHASES, Phase, RegisterTrial,
  SITE_STATUSES, STUDY_TYPES, Site, StudyType, TRIAL_STATUSES, TrialStatus, isNctId, isPartialDate, siteIdFor, siteKey,
} from '@trial-ledger/domain';
import { RecordError, TrialSnapshot } from './snapshot';

/** What a record says the trial is: registration data plus its sites. */
export type TargetTrial = Omit<RegisterTrial['data'], 'status'> & { status: TrialStatus; sites: Site[] };

type Obj = Record<string, unknown>;
const obj = (v: unknown, field: string): Obj => {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new RecordError(field, 'must be an object');
  return v as Obj;
};
const str = (v: unknown, field: string, required = false): string | undefined => {
  if (v === undefined || v === null || v === '') {
    if (required) throw new RecordError(field, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') throw new RecordError(field, 'must be a string');
  return v.trim();
};
const oneOf = <T extends string>(list: readonly T[], v: unknown, field: string): T => {
  if (!list.includes(v as T)) throw new RecordError(field, `"${String(v)}" is not one of ${list.join(', ')}`);
  return v as T;
};
const list = (v: unknown, field: string): unknown[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RecordError(field, 'must be an array');
  return v;
};

/** A date without a type is taken as ESTIMATED: the registry marks actual dates explicitly. */
const date = (v: unknown, field: string): DateStruct | undefined => {
  const d = obj(v, field);
  const value = str(d.date, `${field}.date`);
  if (value === undefined) return undefined;
  if (!isPartialDate(value)) throw new RecordError(`${field}.date`, `"${value}" is not a date as yyyy, yyyy-MM or yyyy-MM-dd`);
  return { date: value, type: d.type === 'ACTUAL' ? 'ACTUAL' : 'ESTIMATED' };
};

const enrollment = (v: unknown): Enrollment | undefined => {
  const e = obj(v, 'designModule.enrollmentInfo');
  if (e.count === undefined || e.count === null) return undefined;
  if (!Number.isSafeInteger(e.count) || (e.count as number) < 0) throw new RecordError('designModule.enrollmentInfo.count', 'must be a whole number ≥ 0');
  return { count: e.count as number, type: e.type === 'ACTUAL' ? 'ACTUAL' : 'ESTIMATED' };
};

const sites = (nctId: string, locations: unknown[]): Site[] => {
  const byKey = new Map<string, Site>();
  locations.forEach((raw, i) => {
    const f = `contactsLocationsModule.locations[${i}]`;
    const l = obj(raw, f);
    const address = { facility: str(l.facility, `${f}.facility`), city: str(l.city, `${f}.city`), state: str(l.state, `${f}.state`), zip: str(l.zip, `${f}.zip`), country: str(l.country, `${f}.country`) };
    const clean = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined));
    if (!clean.facility && !clean.city && !clean.country) return;
    const status = l.status === undefined ? undefined : oneOf(SITE_STATUSES, l.status, `${f}.status`);
    const key = siteKey(clean);
    if (!byKey.has(key)) byKey.set(key, { siteId: siteIdFor(nctId, clean), ...clean, ...(status ? { status } : {}) });
  });
  return [...byKey.values()];
};

/** The snapshot's date becomes every imported event's effective date; "２０２４" once reached the audit trail. */
const checkAsOf = (snapshot: TrialSnapshot): void => {
  if (snapshot.asOf !== null && !isPartialDate(snapshot.asOf)) {
    throw new RecordError(snapshot.asOfField ?? 'asOf', `"${snapshot.asOf}" is not a date as yyyy, yyyy-MM or yyyy-MM-dd`);
  }
};

export const mapRecord = (snapshot: TrialSnapshot): TargetTrial => {
  checkAsOf(snapshot);
  const p = obj(snapshot.record.protocolSection, 'protocolSection');
  const id = obj(p.identificationModule, 'identificationModule');
  const s = obj(p.statusModule, 'statusModule');
  const design = obj(p.designModule, 'designModule');
  const nctId = str(id.nctId, 'identificationModule.nctId', true) as string;
  if (!isNctId(nctId)) throw new RecordError('identificationModule.nctId', `"${nctId}" is not NCT followed by 8 digits`);
  const lead = obj(obj(p.sponsorCollaboratorsModule, 'sponsorCollaboratorsModule').leadSponsor, 'sponsorCollaboratorsModule.leadSponsor');
  const status = oneOf(TRIAL_STATUSES, s.overallStatus, 'statusModule.overallStatus');
  const target: TargetTrial = {
    nctId, title: str(id.briefTitle, 'identificationModule.briefTitle', true) as string,
    sponsor: { name: str(lead.name, 'sponsorCollaboratorsModule.leadSponsor.name', true) as string },
    studyType: oneOf<StudyType>(STUDY_TYPES, design.studyType, 'designModule.studyType'),
    phases: list(design.phases, 'designModule.phases').map((v, i) => oneOf<Phase>(PHASES, v, `designModule.phases[${i}]`)),
    conditions: list(obj(p.conditionsModule, 'conditionsModule').conditions, 'conditionsModule.conditions').map((v, i) => str(v, `conditionsModule.conditions[${i}]`, true) as string),
    interventions: list(obj(p.armsInterventionsModule, 'armsInterventionsModule').interventions, 'armsInterventionsModule.interventions').map((v, i) => {
      const it = obj(v, `armsInterventionsModule.interventions[${i}]`);
      return { type: oneOf<InterventionType>(INTERVENTION_TYPES, it.type, `armsInterventionsModule.interventions[${i}].type`), name: str(it.name, `armsInterventionsModule.interventions[${i}].name`, true) as string };
    }),
    status, sites: sites(nctId, list(obj(p.contactsLocationsModule, 'contactsLocationsModule').locations, 'contactsLocationsModule.locations')),
  };
  optional(target, id, s, lead, design);
  return target;
};

const optional = (t: TargetTrial, id: Obj, s: Obj, lead: Obj, design: Obj): void => {
  const official = str(id.officialTitle, 'identificationModule.officialTitle');
  if (official) t.officialTitle = official;
  if (lead.class !== undefined) t.sponsor.class = oneOf<AgencyClass>(AGENCY_CLASSES, lead.class, 'sponsorCollaboratorsModule.leadSponsor.class');
  const why = str(s.whyStopped, 'statusModule.whyStopped');
  if (why) t.whyStopped = why;
  if (t.status === 'UNKNOWN' && s.lastKnownStatus !== undefined) {
    t.lastKnownStatus = oneOf(TRIAL_STATUSES.filter((x) => x !== 'UNKNOWN'), s.lastKnownStatus, 'statusModule.lastKnownStatus');
  }
  const e = enrollment(design.enrollmentInfo);
  if (e) t.enrollment = e;
  for (const [field, key] of [['startDate', 'startDateStruct'], ['primaryCompletionDate', 'primaryCompletionDateStruct'], ['completionDate', 'completionDateStruct']] as const) {
    const d = date(s[key], `statusModule.${key}`);
    if (d) t[field] = d;
  }
};
