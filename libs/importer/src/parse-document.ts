import { basename } from 'node:path';
import { ImportIssue, TrialSnapshot } from './snapshot';

type Obj = Record<string, unknown>;
export type Parsed = { snapshots: TrialSnapshot[]; issues: ImportIssue[] };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const nctIdOf = (record: Obj): string => {
  const p = isObj(record.protocolSection) ? record.protocolSection : {};
  const id = isObj(p.identificationModule) ? p.identificationModule : {};
  return typeof id.nctId === 'string' ? id.nctId : '';
};

/** A current API v2 record: the version the registry posted on its last-update posted date. */
const currentRecord = (record: Obj, source: string): TrialSnapshot => {
  const p = isObj(record.protocolSection) ? record.protocolSection : {};
  const s = isObj(p.statusModule) ? p.statusModule : {};
  const posted = isObj(s.lastUpdatePostDateStruct) ? s.lastUpdatePostDateStruct.date : undefined;
  return {
    nctId: nctIdOf(record),
    postedDate: posted === undefined ? null : String(posted),
    postedDateField: 'statusModule.lastUpdatePostDateStruct.date',
    version: null,
    source,
    record,
  };
};

/** The project's seed format: dated snapshots of one trial, each with the provenance of its facts. */
const seedSnapshots = (doc: Obj, file: string, issues: ImportIssue[]): TrialSnapshot[] =>
  (doc.snapshots as unknown[]).flatMap((s, i): TrialSnapshot[] => {
    if (isObj(s) && isObj(s.record)) {
      return [
        {
          nctId: String(doc.nctId),
          postedDate: typeof s.asOf === 'string' ? s.asOf : null,
          postedDateField: `snapshots[${i}].asOf`,
          version: null,
          source: String(s.source ?? basename(file)),
          record: s.record,
          provenance: s.provenance as Record<string, string>,
        },
      ];
    }
    issues.push({ file, record: `${String(doc.nctId)} snapshot ${i}`, field: 'record', message: 'must be an object' });
    return [];
  });

/**
 * A record's history as ClinicalTrials.gov serves it (the shape bgcarlisle/cthist reads): `history.changes[]`
 * lists each version's number, date and status, and `versions[]` holds each version's full record as its
 * `/history/{n}` answer (`{ version, study }`). A listed version whose record is missing is reported.
 */
const historySnapshots = (doc: Obj, file: string, issues: ImportIssue[]): TrialSnapshot[] => {
  const changes = ((doc.history as Obj).changes as unknown[]).filter(isObj);
  const versions = Array.isArray(doc.versions) ? doc.versions.filter(isObj) : [];
  const byNumber = new Map(versions.map((v) => [v.version, v]));
  const nctId = typeof doc.nctId === 'string' ? doc.nctId : '';
  return changes.flatMap((change, i): TrialSnapshot[] => {
    const label = `${nctId || '(no nctId)'} version ${String(change.version)}`;
    const study = byNumber.get(change.version)?.study;
    if (!isObj(study)) {
      issues.push({
        file,
        record: label,
        field: 'versions',
        message: 'is listed in history.changes but its record is not in the file; not recorded',
      });
      return [];
    }
    if (
      isObj(study.protocolSection) &&
      isObj(study.protocolSection.statusModule) &&
      study.protocolSection.statusModule.overallStatus !== change.status
    ) {
      issues.push({
        file,
        record: label,
        field: `history.changes[${i}].status`,
        message: `lists ${String(change.status)}, but the version's record states ${String(study.protocolSection.statusModule.overallStatus)}; the record is what is recorded`,
      });
    }
    return [
      {
        nctId: nctIdOf(study) || nctId,
        postedDate: typeof change.date === 'string' ? change.date : null,
        postedDateField: `history.changes[${i}].date`,
        version: typeof change.version === 'number' ? change.version : null,
        source: `ClinicalTrials.gov record history ${basename(file)}, version ${String(change.version)}`,
        record: study,
      },
    ];
  });
};

/** Seed files, record histories, single API v2 records, arrays of them, or the API's `{studies: [...]}` page. */
export const parseDocument = (doc: unknown, file: string): Parsed => {
  const issues: ImportIssue[] = [];
  if (isObj(doc) && Array.isArray(doc.snapshots)) return { snapshots: seedSnapshots(doc, file, issues), issues };
  if (isObj(doc) && isObj(doc.history) && Array.isArray(doc.history.changes))
    return { snapshots: historySnapshots(doc, file, issues), issues };
  const source = `ClinicalTrials.gov record ${basename(file)}`;
  const records = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.studies) ? doc.studies : [doc];
  const snapshots = records.flatMap((r, i): TrialSnapshot[] => {
    if (isObj(r)) return [currentRecord(r, source)];
    issues.push({ file, record: `#${i}`, field: '(record)', message: 'must be a JSON object' });
    return [];
  });
  return { snapshots, issues };
};

/** A trial's versions in the order they were posted; undated ones after the dated, in document order. */
const order = (a: TrialSnapshot, b: TrialSnapshot): number =>
  a.nctId.localeCompare(b.nctId) ||
  (a.postedDate === null ? 1 : 0) - (b.postedDate === null ? 1 : 0) ||
  (a.postedDate ?? '').localeCompare(b.postedDate ?? '') ||
  (a.version ?? -1) - (b.version ?? -1);

/**
 * One document's text (a file, a zip entry or an NDJSON line) as the versions it holds, each trial's in posted
 * order; text that is not JSON is one reported line naming where it is and why.
 */
export const parseDocumentText = (text: string, file: string): Parsed => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { snapshots: [], issues: [{ file, record: '(file)', field: '(json)', message: (error as Error).message }] };
  }
  const parsed = parseDocument(doc, file);
  return { snapshots: parsed.snapshots.sort(order), issues: parsed.issues };
};
