import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openImportSource } from '../source';
import { PreparedEntry } from './prepare-entry';
import { PreparedSource, preparedHere, preparedInThread } from './prepared-source';

const CTGOV = resolve(__dirname, '../../../../../shared/ctgov');
const realStudies = () =>
  readdirSync(CTGOV)
    .filter((f) => /^NCT\d{8}\.json$/.test(f))
    .sort()
    .map((f) => JSON.stringify(JSON.parse(readFileSync(join(CTGOV, f), 'utf8'))));

const all = async (source: PreparedSource, skip = 0): Promise<PreparedEntry[]> => {
  const entries: PreparedEntry[] = [];
  for await (const entry of source.entries(skip)) entries.push(entry);
  return entries;
};

describe('prepared sources', () => {
  let dir: string;
  let ndjson: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prepared-sources-'));
    // 150 lines, more than the thread's window of chunks holds: the main thread must ask for more to get them all.
    const lines = Array.from({ length: 150 }, (_, i) => (i === 3 ? 'not json' : realStudies()[i % 6]));
    ndjson = join(dir, 'studies.ndjson');
    writeFileSync(ndjson, lines.join('\n'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a source, when its entries are prepared in a thread, then they are those prepared here, in order, from the skipped one on', async () => {
    const here = await all(preparedHere(await openImportSource(ndjson)), 2);
    const source = await openImportSource(ndjson);
    source.close();
    const thread = preparedInThread(source);
    const there = await all(thread, 2);
    expect(there).toEqual(here);
    expect(there.map((e) => e.index)).toEqual(Array.from({ length: 148 }, (_, i) => i + 2));
    expect(there[1].issues).toEqual([expect.objectContaining({ file: `${ndjson}:4`, field: '(json)' })]);
    expect(there[0].versions[0]).toMatchObject({ registryVersion: { record: { nctId: expect.stringMatching(/^NCT/) } } });
    expect(thread.fractionRead()).toBe(1);
  });

  it('given a thread reading a source, when the consumer stops early, then the iteration ends without the rest', async () => {
    const source = await openImportSource(ndjson);
    source.close();
    const taken: number[] = [];
    for await (const entry of preparedInThread(source).entries(0)) {
      taken.push(entry.index);
      if (taken.length === 40) break;
    }
    expect(taken).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('given a source the thread cannot open, when its entries are asked for, then the iteration fails naming the source', async () => {
    const gone = join(dir, 'gone.ndjson');
    const thread = preparedInThread({ path: gone, total: null });
    await expect(all(thread)).rejects.toThrow(`reading ${gone} failed in its import thread`);
  });
});
