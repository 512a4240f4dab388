import { stat } from 'node:fs/promises';
import { fileSource, folderSource } from './folder-source';
import { ImportSource } from './import-source';
import { ndjsonSource } from './ndjson-source';
import { zipSource } from './zip-source';

/** A folder, a zip (`.zip`), NDJSON (`.ndjson`, `.jsonl`: one document a line), or any other file as one JSON document. */
export const openImportSource = async (path: string): Promise<ImportSource> => {
  if ((await stat(path)).isDirectory()) return folderSource(path);
  if (/\.zip$/i.test(path)) return zipSource(path);
  if (/\.(ndjson|jsonl)$/i.test(path)) return ndjsonSource(path);
  return fileSource(path);
};
