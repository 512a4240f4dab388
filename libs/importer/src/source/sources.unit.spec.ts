import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { ImportSource, SourceEntry, SourceError } from './import-source';
import { openImportSource } from './open-import-source';

/** A zip built here with yazl, the writer counterpart of the reader under test: no binary is committed. */
const zipBytes = async (files: [name: string, content: string | null][]): Promise<Buffer> => {
  const zip = new ZipFile();
  for (const [name, content] of files) {
    if (content === null) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(content), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const study = (nctId: string, filler = '') => JSON.stringify({ protocolSection: { identificationModule: { nctId } }, filler });

const all = async (source: ImportSource, skip = 0): Promise<SourceEntry[]> => {
  const entries: SourceEntry[] = [];
  for await (const entry of source.entries(skip)) entries.push(entry);
  return entries;
};

describe('import sources', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'import-sources-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  describe('a zip', () => {
    const registryZip = () =>
      zipBytes([
        ['NCT00000001.json', study('NCT00000001')],
        ['docs/', null],
        ['docs/README.txt', 'not a study'],
        ['NCT00000002.json', study('NCT00000002')],
        ['NCT00000003.json', study('NCT00000003')],
      ]);

    it('counts its entries from the central directory before reading any, and yields each .json entry in order', async () => {
      const source = await openImportSource(write('ctg-studies.json.zip', await registryZip()));
      expect([source.total, source.fractionRead()]).toEqual([5, 0]);
      expect(await all(source)).toEqual([
        { index: 0, name: `${source.path}!NCT00000001.json`, text: study('NCT00000001') },
        { index: 3, name: `${source.path}!NCT00000002.json`, text: study('NCT00000002') },
        { index: 4, name: `${source.path}!NCT00000003.json`, text: study('NCT00000003') },
      ]);
      expect(source.fractionRead()).toBe(1);
    });

    it('passes over the first entries a resumed run asks to skip', async () => {
      const source = await openImportSource(write('a.zip', await registryZip()));
      expect((await all(source, 4)).map((e) => e.index)).toEqual([4]);
    });

    it('reports an entry that does not inflate, and goes on with the next', async () => {
      const big = study('NCT00000001', 'x'.repeat(50_000));
      const bytes = await zipBytes([
        ['NCT00000001.json', big],
        ['NCT00000002.json', study('NCT00000002')],
      ]);
      const dataStart = 30 + 'NCT00000001.json'.length;
      bytes.fill(0xff, dataStart + 2, dataStart + 40);
      const entries = await all(await openImportSource(write('damaged.zip', bytes)));
      expect(entries).toEqual([
        {
          index: 0,
          name: expect.stringMatching(/damaged\.zip!NCT00000001\.json$/),
          problem: expect.stringMatching(/^could not be read: .+/),
        },
        { index: 1, name: expect.stringMatching(/damaged\.zip!NCT00000002\.json$/), text: study('NCT00000002') },
      ]);
    });

    it('refuses a zip cut short, naming the byte it ends at, before reading anything', async () => {
      const bytes = await registryZip();
      const cut = write('cut.zip', bytes.subarray(0, 200));
      await expect(openImportSource(cut)).rejects.toThrow(SourceError);
      await expect(openImportSource(cut)).rejects.toMatchObject({
        path: cut,
        where: '(zip)',
        message: expect.stringMatching(/^is not a complete zip: .+; the file ends at byte 200, so it was likely cut short/),
      });
    });
  });

  describe('NDJSON', () => {
    it('yields one entry per line, named by its line number, leaving out blank lines, and reads to the end', async () => {
      const source = await openImportSource(write('studies.ndjson', `${study('NCT00000001')}\r\n\n{not json\n${study('NCT00000002')}`));
      expect(source.total).toBeNull();
      expect(await all(source)).toEqual([
        { index: 0, name: `${source.path}:1`, text: study('NCT00000001') },
        { index: 2, name: `${source.path}:3`, text: '{not json' },
        { index: 3, name: `${source.path}:4`, text: study('NCT00000002') },
      ]);
      expect(source.fractionRead()).toBe(1);
    });

    it('skips the first lines without yielding them', async () => {
      const source = await openImportSource(write('studies.jsonl', [1, 2, 3].map((n) => study(`NCT0000000${n}`)).join('\n')));
      expect((await all(source, 2)).map((e) => e.index)).toEqual([2]);
    });
  });

  describe('a folder and a file', () => {
    it('yields the .json files of a folder in name order, counted up front', async () => {
      const folder = join(dir, 'studies');
      mkdirSync(folder);
      ['b.json', 'a.json', 'notes.txt', 'c.json'].forEach((name) => writeFileSync(join(folder, name), name));
      const source = await openImportSource(folder);
      expect(source.total).toBe(3);
      expect((await all(source)).map((e) => [e.index, e.name, 'text' in e && e.text])).toEqual([
        [0, join(folder, 'a.json'), 'a.json'],
        [1, join(folder, 'b.json'), 'b.json'],
        [2, join(folder, 'c.json'), 'c.json'],
      ]);
      expect((await all(await openImportSource(folder), 2)).map((e) => e.index)).toEqual([2]);
    });

    it('reads any other file as one document', async () => {
      const file = write('page.json', '{"studies":[]}');
      expect(await all(await openImportSource(file))).toEqual([{ index: 0, name: file, text: '{"studies":[]}' }]);
    });
  });
});
