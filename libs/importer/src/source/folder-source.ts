import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportSource, SourceEntry } from './import-source';

/**
 * The `.json` files of a folder, in name order, one file's content in memory at a time. Only the names are listed
 * up front (tens of bytes each): name order makes a trial's versions in several files arrive in the order their
 * names give, and a resumed run meet the files in the same order as the run it resumes.
 */
export const folderSource = async (path: string): Promise<ImportSource> => {
  const names = (await readdir(path)).filter((f) => f.endsWith('.json')).sort();
  let read = 0;
  async function* entries(skip: number): AsyncGenerator<SourceEntry> {
    read = Math.min(skip, names.length);
    for (let index = read; index < names.length; index++) {
      const file = join(path, names[index]);
      const entry = await readFile(file, 'utf8').then(
        (text): SourceEntry => ({ index, name: file, text }),
        (error: Error): SourceEntry => ({ index, name: file, problem: error.message }),
      );
      read = index + 1;
      yield entry;
    }
  }
  return { path, total: names.length, fractionRead: () => (names.length === 0 ? 1 : read / names.length), entries, close: () => undefined };
};

/** One JSON file: one document, however many studies it holds (an API page, a seed's snapshots, a history). */
export const fileSource = (path: string): ImportSource => {
  let read = 0;
  async function* entries(skip: number): AsyncGenerator<SourceEntry> {
    if (skip > 0) return;
    const entry = await readFile(path, 'utf8').then(
      (text): SourceEntry => ({ index: 0, name: path, text }),
      (error: Error): SourceEntry => ({ index: 0, name: path, problem: error.message }),
    );
    read = 1;
    yield entry;
  }
  return { path, total: 1, fractionRead: () => read, entries, close: () => undefined };
};
