import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** The real ClinicalTrials.gov API v2 records in shared/ctgov. */
export const CTGOV = resolve(__dirname, '../../../shared/ctgov');

type Obj = Record<string, unknown>;

export const realRecords = (): Obj[] =>
  readdirSync(CTGOV)
    .filter((f) => /^NCT\d{8}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(CTGOV, f), 'utf8')) as Obj);

/** An NCT ID no real record has: NCT9 and seven digits. */
export const syntheticNctId = (n: number): string => `NCT9${String(n).padStart(7, '0')}`;

/** The nth study of a corpus: real record n (cycling through them) under NCT ID syntheticNctId(n). */
export const studyOf = (records: Obj[], n: number): Obj => {
  const record = structuredClone(records[n % records.length]);
  ((record.protocolSection as Obj).identificationModule as Obj).nctId = syntheticNctId(n);
  return record;
};

/**
 * Writes a zip as the registry's full download is laid out (one `<NCT ID>.json` entry per study), with yazl, the
 * writer counterpart of the importer's reader. yazl holds the added buffers until it has written them: this is for
 * test and bench corpora of a few thousand studies, written in the test's or the bench's own process.
 */
export const writeRegistryZip = async (path: string, entries: Iterable<[name: string, text: string]>): Promise<void> => {
  const zip = new ZipFile();
  const out = zip.outputStream.pipe(createWriteStream(path));
  for (const [name, text] of entries) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  await finished(out);
};

/** Studies 0..count-1 of the corpus as registry zip entries. */
export function* corpusEntries(records: Obj[], count: number, from = 0): Generator<[string, string]> {
  for (let n = from; n < from + count; n++) yield [`${syntheticNctId(n)}.json`, JSON.stringify(studyOf(records, n))];
}
