import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCheckpoint } from './import-checkpoint';

describe('ImportCheckpoint', () => {
  let dir: string;
  let input: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-checkpoint-'));
    input = join(dir, 'ctg-studies.json.zip');
    writeFileSync(input, 'zip bytes');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps how far an input got, found again for the same input', () => {
    expect(ImportCheckpoint.for(dir, input).read()).toBeNull();
    ImportCheckpoint.for(dir, input).save(1_234, 99);
    expect(ImportCheckpoint.for(dir, input).read()).toMatchObject({ path: input, size: 9, entries: 1_234, headPosition: 99 });
  });

  it('starts over for a changed input: another size or modification time is another key', () => {
    ImportCheckpoint.for(dir, input).save(1_234, 99);
    utimesSync(input, new Date(), new Date(Date.now() + 60_000));
    expect(ImportCheckpoint.for(dir, input).read()).toBeNull();
    writeFileSync(input, 'a newer, longer download');
    expect(ImportCheckpoint.for(dir, input).read()).toBeNull();
  });
});
