import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Entry, ZipFile, openPromise } from 'yauzl';
import { ImportSource, SourceEntry, SourceError } from './import-source';

const textOf = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * yauzl finds a zip's entries through its central directory, the list at the end of the file. A download cut
 * short has none, and yauzl then reads nothing rather than guess entries from what precedes it: the file is
 * reported with the byte it ends at.
 */
const open = async (path: string): Promise<ZipFile> => {
  try {
    // Entries one at a time, as asked for; each entry's stored sizes checked against what it inflates to.
    return await openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    const { size } = await stat(path);
    throw new SourceError(
      path,
      '(zip)',
      `is not a complete zip: ${(error as Error).message}; the file ends at byte ${size}, so it was likely cut short: nothing of it is read`,
    );
  }
};

const entryText = async (zip: ZipFile, entry: Entry): Promise<{ text: string } | { problem: string }> => {
  try {
    return { text: await textOf(await zip.openReadStreamPromise(entry)) };
  } catch (error) {
    return { problem: `could not be read: ${(error as Error).message}` };
  }
};

/**
 * The `.json` entries of a zip, as ClinicalTrials.gov's full download holds one study per entry, inflated one at
 * a time in central-directory order. The central directory counts the entries before any is read; passing over
 * the first `skip` reads only their directory records. A damaged entry is one entry with its problem; a central
 * directory that breaks off is one last entry saying where, and the entries after it are not read.
 */
export const zipSource = async (path: string): Promise<ImportSource> => {
  const zip = await open(path);
  let read = 0;
  async function* entries(skip: number): AsyncGenerator<SourceEntry> {
    try {
      for await (const entry of zip.eachEntry()) {
        read = zip.entriesRead;
        const index = read - 1;
        if (index < skip || !entry.fileName.endsWith('.json')) continue;
        yield { index, name: `${path}!${entry.fileName}`, ...(await entryText(zip, entry)) };
      }
    } catch (error) {
      const where = zip.entriesRead;
      yield {
        index: where,
        name: `${path}!(central directory)`,
        problem: `breaks off after entry ${where} of ${zip.entryCount}: ${(error as Error).message}; the entries after it are not read`,
      };
    } finally {
      zip.close();
    }
  }
  return {
    path,
    total: zip.entryCount,
    fractionRead: () => (zip.entryCount === 0 ? 1 : read / zip.entryCount),
    entries,
    close: () => zip.close(),
  };
};
