import {
  AGENCY_CLASSES,
  AgencyClass,
  DATE_TYPES,
  DateStruct,
  DateType,
  Enrollment,
  INTERVENTION_TYPES,
  InterventionType,
  ObservedRecord,
  ObservedSite,
  PHASES,
  Phase,
  SITE_STATUSES,
  STUDY_TYPES,
  SecondaryId,
  Sponsor,
  StudyType,
  TRIAL_STATUSES,
  isNctId,
  isPartialDate,
} from '@trial-ledger/domain';
import { RecordError } from './snapshot';
import { untrackedDigests } from './untracked-changes';

type Obj = Record<string, unknown>;

/** A part of the record the mapping could not keep, reported instead of dropped. */
export interface Omission {
  field: string;
  message: string;
}

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

const partialDate = (v: unknown, field: string): string | undefined => {
  const value = str(v, field);
  if (value !== undefined && !isPartialDate(value)) throw new RecordError(field, `"${value}" is not a date as yyyy, yyyy-MM or yyyy-MM-dd`);
  return value;
};

/** A type the record leaves out stays out: the registry omits it on old records, and we never guess it. */
const dateType = (v: unknown, field: string): { type?: DateType } =>
  v === undefined || v === null ? {} : { type: oneOf(DATE_TYPES, v, field) };

const date = (v: unknown, field: string): DateStruct | undefined => {
  const d = obj(v, field);
  const value = partialDate(d.date, `${field}.date`);
  return value === undefined ? undefined : { date: value, ...dateType(d.type, `${field}.type`) };
};

const enrollment = (v: unknown): Enrollment | undefined => {
  const e = obj(v, 'designModule.enrollmentInfo');
  if (e.count === undefined || e.count === null) return undefined;
  if (!Number.isSafeInteger(e.count) || (e.count as number) < 0)
    throw new RecordError('designModule.enrollmentInfo.count', 'must be a whole number ≥ 0');
  return { count: e.count as number, ...dateType(e.type, 'designModule.enrollmentInfo.type') };
};

const sponsor = (v: unknown, field: string, required: boolean): Sponsor | undefined => {
  const s = obj(v, field);
  const name = str(s.name, `${field}.name`, required);
  if (name === undefined) return undefined;
  return s.class === undefined ? { name } : { name, class: oneOf<AgencyClass>(AGENCY_CLASSES, s.class, `${field}.class`) };
};

const sites = (locations: unknown[], omitted: Omission[]): ObservedSite[] =>
  locations.flatMap((raw, i): ObservedSite[] => {
    const f = `contactsLocationsModule.locations[${i}]`;
    const l = obj(raw, f);
    const address = {
      facility: str(l.facility, `${f}.facility`),
      city: str(l.city, `${f}.city`),
      state: str(l.state, `${f}.state`),
      zip: str(l.zip, `${f}.zip`),
      country: str(l.country, `${f}.country`),
    };
    const site = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined)) as ObservedSite;
    if (!site.facility && !site.city && !site.country) {
      omitted.push({ field: f, message: 'names no facility, city or country, so no site can be told apart by it; not recorded' });
      return [];
    }
    return [l.status === undefined ? site : { ...site, status: oneOf(SITE_STATUSES, l.status, `${f}.status`) }];
  });

const secondaryIds = (v: unknown): SecondaryId[] =>
  list(v, 'identificationModule.secondaryIdInfos').map((raw, i) => {
    const f = `identificationModule.secondaryIdInfos[${i}]`;
    const s = obj(raw, f);
    const id = str(s.id, `${f}.id`, true) as string;
    const type = str(s.type, `${f}.type`);
    return type === undefined ? { id } : { id, type };
  });

/**
 * What one API v2 record states, in the ledger's terms and nothing more: a field the record leaves out stays
 * out, a malformed one is a RecordError naming it, and a part that cannot be kept is an omission to report.
 */
export const mapRecord = (record: Obj): { observed: ObservedRecord; omitted: Omission[] } => {
  const omitted: Omission[] = [];
  const p = obj(record.protocolSection, 'protocolSection');
  const id = obj(p.identificationModule, 'identificationModule');
  const s = obj(p.statusModule, 'statusModule');
  const design = obj(p.designModule, 'designModule');
  const team = obj(p.sponsorCollaboratorsModule, 'sponsorCollaboratorsModule');
  const nctId = str(id.nctId, 'identificationModule.nctId', true) as string;
  if (!isNctId(nctId)) throw new RecordError('identificationModule.nctId', `"${nctId}" is not NCT followed by 8 digits`);
  const observed: ObservedRecord = {
    nctId,
    title: str(id.briefTitle, 'identificationModule.briefTitle', true) as string,
    sponsor: sponsor(team.leadSponsor, 'sponsorCollaboratorsModule.leadSponsor', true) as Sponsor,
    collaborators: list(team.collaborators, 'sponsorCollaboratorsModule.collaborators').map(
      (c, i) => sponsor(c, `sponsorCollaboratorsModule.collaborators[${i}]`, true) as Sponsor,
    ),
    secondaryIds: secondaryIds(id.secondaryIdInfos),
    studyType: oneOf<StudyType>(STUDY_TYPES, design.studyType, 'designModule.studyType'),
    phases: list(design.phases, 'designModule.phases').map((v, i) => oneOf<Phase>(PHASES, v, `designModule.phases[${i}]`)),
    conditions: list(obj(p.conditionsModule, 'conditionsModule').conditions, 'conditionsModule.conditions').map(
      (v, i) => str(v, `conditionsModule.conditions[${i}]`, true) as string,
    ),
    interventions: list(
      obj(p.armsInterventionsModule, 'armsInterventionsModule').interventions,
      'armsInterventionsModule.interventions',
    ).map((v, i) => {
      const it = obj(v, `armsInterventionsModule.interventions[${i}]`);
      return {
        type: oneOf<InterventionType>(INTERVENTION_TYPES, it.type, `armsInterventionsModule.interventions[${i}].type`),
        name: str(it.name, `armsInterventionsModule.interventions[${i}].name`, true) as string,
      };
    }),
    status: oneOf(TRIAL_STATUSES, s.overallStatus, 'statusModule.overallStatus'),
    sites: sites(list(obj(p.contactsLocationsModule, 'contactsLocationsModule').locations, 'contactsLocationsModule.locations'), omitted),
  };
  optional(observed, id, s, design);
  observed.untracked = untrackedDigests(record);
  oversight(observed, obj(p.oversightModule, 'oversightModule'), record);
  return { observed, omitted };
};

const flag = (v: unknown, field: string): boolean | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new RecordError(field, 'must be true or false');
  return v;
};

/** What the reporting duties read: the FDA-regulation flags and when results were first submitted. */
const oversight = (t: ObservedRecord, o: Obj, record: Obj): void => {
  const drug = flag(o.isFdaRegulatedDrug, 'oversightModule.isFdaRegulatedDrug');
  const device = flag(o.isFdaRegulatedDevice, 'oversightModule.isFdaRegulatedDevice');
  if (drug !== undefined) t.fdaRegulatedDrug = drug;
  if (device !== undefined) t.fdaRegulatedDevice = device;
  const status = obj(obj(record.protocolSection, 'protocolSection').statusModule, 'statusModule');
  const results = partialDate(status.resultsFirstSubmitDate, 'statusModule.resultsFirstSubmitDate');
  if (results !== undefined) t.resultsFirstSubmittedDate = results;
};

const optional = (t: ObservedRecord, id: Obj, s: Obj, design: Obj): void => {
  const set = <K extends keyof ObservedRecord>(key: K, value: ObservedRecord[K] | undefined) => {
    if (value !== undefined) t[key] = value;
  };
  set('officialTitle', str(id.officialTitle, 'identificationModule.officialTitle'));
  set('whyStopped', str(s.whyStopped, 'statusModule.whyStopped'));
  if (s.lastKnownStatus !== undefined) set('lastKnownStatus', oneOf(TRIAL_STATUSES, s.lastKnownStatus, 'statusModule.lastKnownStatus'));
  set('statusVerifiedDate', partialDate(s.statusVerifiedDate, 'statusModule.statusVerifiedDate'));
  set('firstSubmittedDate', partialDate(s.studyFirstSubmitDate, 'statusModule.studyFirstSubmitDate'));
  set('enrollment', enrollment(design.enrollmentInfo));
  set('startDate', date(s.startDateStruct, 'statusModule.startDateStruct'));
  set('primaryCompletionDate', date(s.primaryCompletionDateStruct, 'statusModule.primaryCompletionDateStruct'));
  set('completionDate', date(s.completionDateStruct, 'statusModule.completionDateStruct'));
};
