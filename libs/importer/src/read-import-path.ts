import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ImportIssue, TrialSnapshot } from './snapshot';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const recordSnapshot = (record: Obj, source: string): TrialSnapshot => {
  const p = isObj(record.protocolSection) ? record.protocolSection : {};
  const id = isObj(p.identificationModule) ? p.identificationModule : {};
  const s = isObj(p.statusModule) ? p.statusModule : {};
  const posted = isObj(s.lastUpdatePostDateStruct) ? s.lastUpdatePostDateStruct.date : undefined;
  const [asOf, asOfField] = typeof posted === 'string' ? [posted, 'statusModule.lastUpdatePostDateStruct.date']
    : typeof s.lastUpdateSubmitDate === 'string' ? [s.lastUpdateSubmitDate, 'statusModule.lastUpdateSubmitDate'] : [null, undefined];
  return { nctId: typeof id.nctId === 'string' ? id.nctId : '', asOf, ...(asOfField ? { asOfField } : {}), source, record };
};

/** Seed files, single API v2 records, arrays of them, or the API's `{studies: [...]}` page. */
export const parseDocument = (doc: unknown, file: string): { snapshots: TrialSnapshot[]; issues: ImportIssue[] } => {
  const issues: ImportIssue[] = [];
  const source = `ClinicalTrials.gov record ${basename(file)}`;
  if (isObj(doc) && Array.isArray(doc.snapshots)) {
    const snapshots = doc.snapshots.flatMap((s, i): TrialSnapshot[] => {
      if (isObj(s) && isObj(s.record)) return [{ nctId: String(doc.nctId), asOf: typeof s.asOf === 'string' ? s.asOf : null, source: String(s.source ?? basename(file)), record: s.record, provenance: s.provenance as Record<string, string> }];
      issues.push({ file, record: `${String(doc.nctId)} snapshot ${i}`, field: 'record', message: 'must be an object' });
      return [];
    });
    return { snapshots, issues };
  }
  const records = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.studies) ? doc.studies : [doc];
  const snapshots = records.flatMap((r, i): TrialSnapshot[] => {
    if (isObj(r)) return [recordSnapshot(r, source)];
    issues.push({ file, record: `#${i}`, field: '(record)', message: 'must be a JSON object' });
    return [];
  });
  return { snapshots, issues };
};

/** Dated snapshots of a trial first, in date order; undated ones (stated as "now") last, in file order. */
const order = (a: TrialSnapshot, b: TrialSnapshot): number =>
  a.nctId.localeCompare(b.nctId) || (a.asOf === null ? 1 : 0) - (b.asOf === null ? 1 : 0) || (a.asOf ?? '').localeCompare(b.asOf ?? '');

export const readImportPath = (path: string): { snapshots: TrialSnapshot[]; issues: ImportIssue[] } => {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  const all = files.map((file) => {
    try {
      return parseDocument(JSON.parse(readFileSync(file, 'utf8')), file);
    } catch (error) {
      return { snapshots: [], issues: [{ file, record: '(file)', field: '(json)', message: (error as Error).message }] };
    }
  });
  return { snapshots: all.flatMap((a) => a.snapshots).sort(order), issues: all.flatMap((a) => a.issues) };
};
