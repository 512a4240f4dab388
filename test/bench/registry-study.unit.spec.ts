import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryVersionObserved, decide, evolve, initialState } from '@trial-ledger/domain';
import { openImportSource, parseDocumentText, registryVersionOf } from '@trial-ledger/importer';
import { writeGeneratedRegistryZip } from '../../bench/support/registry-corpus';
import { CORPUS_DATE, generatedEntry } from '../../bench/support/registry-study';
import { realRecords } from '../support/registry-corpus';

const RECORDS = realRecords();
const SEED = 17;
const STUDIES = 400;

type Obj = Record<string, any>;

/** What the import would record of one generated entry: its one version, observed on a trial the ledger has never seen. */
const imported = (name: string, text: string) => {
  const { snapshots, issues } = parseDocumentText(text, name);
  const { version, omitted } = registryVersionOf(snapshots[0]);
  const events = decide({ type: 'ObserveRegistryVersion', data: { nctId: version.record.nctId, version } }, initialState());
  return { snapshots, issues, omitted, events: events as RegistryVersionObserved[], state: events.reduce(evolve, initialState()) };
};

describe('the registry bench corpus: studies generated from the real records', () => {
  const entries = Array.from({ length: STUDIES }, (_, n) => generatedEntry(RECORDS, SEED, n));
  const studies = entries.map(([, text]) => JSON.parse(text) as Obj);
  const status = (s: Obj) => s.protocolSection.statusModule;

  it('imports every study as one registry version with no issue, no omission and no consistency flag', () => {
    for (const [name, text] of entries) {
      const { snapshots, issues, omitted, events, state } = imported(name, text);
      const study = JSON.parse(text) as Obj;
      expect({ name, issues, omitted, versions: snapshots.length }).toEqual({ name, issues: [], omitted: [], versions: 1 });
      expect({ name, types: events.map((e) => e.type), flags: events[0].data.flags }).toEqual({
        name,
        types: ['RegistryVersionObserved'],
        flags: [],
      });
      expect(state.registered && [state.status, state.sites.length]).toEqual([
        study.protocolSection.statusModule.overallStatus,
        study.protocolSection.contactsLocationsModule.locations.length,
      ]);
    }
  });

  it('names each study NCT9 and seven digits, its entry after it, never a real record’s ID', () => {
    const ids = studies.map((s) => s.protocolSection.identificationModule.nctId as string);
    expect(ids.every((id) => /^NCT9\d{7}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(STUDIES);
    expect(entries.map(([name]) => name)).toEqual(ids.map((id) => `${id}.json`));
  });

  it('varies statuses, dates, date types, results, phases, conditions, enrollment and sites', () => {
    const distinct = (pick: (s: Obj) => unknown) => new Set(studies.map((s) => JSON.stringify(pick(s)))).size;
    const share = (test: (s: Obj) => boolean) => studies.filter(test).length / STUDIES;
    expect(distinct((s) => status(s).overallStatus)).toBeGreaterThanOrEqual(8);
    expect(distinct((s) => status(s).startDateStruct.date)).toBeGreaterThan(STUDIES * 0.9);
    expect(distinct((s) => status(s).lastUpdatePostDateStruct.date.slice(0, 4))).toBeGreaterThanOrEqual(15);
    expect(distinct((s) => status(s).statusVerifiedDate.slice(0, 4))).toBeGreaterThanOrEqual(15);
    expect(share((s) => status(s).primaryCompletionDateStruct.type === 'ACTUAL')).toBeGreaterThan(0.3);
    expect(share((s) => status(s).primaryCompletionDateStruct.type === 'ESTIMATED')).toBeGreaterThan(0.3);
    expect(share((s) => s.hasResults === true && 'resultsSection' in s)).toBeGreaterThan(0.1);
    expect(share((s) => s.hasResults === false && !('resultsSection' in s))).toBeGreaterThan(0.5);
    expect(distinct((s) => s.protocolSection.designModule.phases)).toBeGreaterThanOrEqual(8);
    expect(distinct((s) => s.protocolSection.conditionsModule.conditions)).toBeGreaterThan(STUDIES * 0.9);
    expect(distinct((s) => s.protocolSection.designModule.enrollmentInfo.count)).toBeGreaterThan(STUDIES / 3);
    expect(distinct((s) => s.protocolSection.contactsLocationsModule.locations.map((l: Obj) => l.country))).toBeGreaterThan(STUDIES / 2);
    expect(distinct((s) => s.protocolSection.contactsLocationsModule.locations.length)).toBeGreaterThan(20);
  });

  it('posts nothing after the day the corpus stands for', () => {
    expect(studies.every((s) => status(s).lastUpdatePostDateStruct.date <= CORPUS_DATE)).toBe(true);
  });

  it('generates study n the same from the same seed, whatever came before, and differently from another seed', () => {
    expect(generatedEntry(RECORDS, SEED, 321)).toEqual(entries[321]);
    expect(generatedEntry(RECORDS, SEED + 1, 321)[1]).not.toEqual(entries[321][1]);
  });

  it('writes a zip that the importer reads back entry by entry, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-corpus-'));
    try {
      const zip = join(dir, 'ctg-studies.json.zip');
      await writeGeneratedRegistryZip(zip, 150, SEED);
      const names: string[] = [];
      const texts: string[] = [];
      for await (const entry of (await openImportSource(zip)).entries(0)) {
        names.push(entry.name);
        texts.push('text' in entry ? entry.text : entry.problem);
      }
      expect(names).toEqual(entries.slice(0, 150).map(([name]) => `${zip}!${name}`));
      expect(texts.every((text, n) => text === entries[n][1])).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
