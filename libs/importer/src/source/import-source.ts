/**
 * One document of an import source: a file of a folder, an entry of a zip, or a line of an NDJSON file. `name`
 * says where it is (`registry.zip!NCT01234567.json`, `studies.ndjson:42`); `text` is its content, or `problem`
 * says why it could not be read (the rest of the source still is).
 */
export type SourceEntry = { index: number; name: string } & ({ text: string } | { problem: string });

/** An import source read one document at a time, so that memory holds one document whatever the source's size. */
export interface ImportSource {
  readonly path: string;
  /** How many entries there are, when the source says so before it is read (a zip, a folder, a file); else null. */
  readonly total: number | null;
  /** The share of the source read so far, 0 to 1: entries for a zip or a folder, bytes for NDJSON. */
  fractionRead(): number;
  /**
   * The entries in the source's own order (a zip's central directory, a folder's sorted names, NDJSON's lines),
   * from the `skip`th on: the first `skip` are passed over without being read where the format allows it.
   */
  entries(skip: number): AsyncGenerator<SourceEntry>;
  /** Releases the file handle; the generator also does when it finishes or is left early. */
  close(): void;
}

/** The source could not be opened at all (a zip without its central directory, say): nothing of it is read. */
export class SourceError extends Error {
  constructor(
    readonly path: string,
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
