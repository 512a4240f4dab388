import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ImportSource, SourceEntry } from './import-source';

/**
 * One study (or any document the importer reads) per line, read line by line; a blank line is no entry. How far
 * it has got is the bytes read against the file's size, since the number of lines is only known at the end.
 */
export const ndjsonSource = async (path: string): Promise<ImportSource> => {
  const { size } = await stat(path);
  let stream: ReturnType<typeof createReadStream> | null = null;
  async function* entries(skip: number): AsyncGenerator<SourceEntry> {
    stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let index = -1;
    try {
      for await (const line of lines) {
        index += 1;
        // Skipped lines are still read (a line's place is only known by counting), but not parsed.
        if (index < skip || line.trim() === '') continue;
        yield { index, name: `${path}:${index + 1}`, text: line };
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return {
    path,
    total: null,
    fractionRead: () => (size === 0 ? 1 : Math.min(1, (stream?.bytesRead ?? 0) / size)),
    entries,
    close: () => stream?.destroy(),
  };
};
