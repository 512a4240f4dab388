import { createHash } from 'node:crypto';
import { mkdirSync, openSync, fsyncSync, closeSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** How far an import of one input got: its first `entries` entries have every event they brought durable. */
export interface CheckpointState {
  path: string;
  size: number;
  mtimeMs: number;
  entries: number;
  /** The event log's head when the checkpoint was written: a log behind it is not the one these entries went to. */
  headPosition: number;
  savedAt: string;
}

/**
 * A resume checkpoint in DATA_DIR/import-checkpoints, one file per input, keyed by the input's path, size and
 * modification time: a changed input (a new download, a file added to a folder) has another key and starts over.
 * A folder's own mtime changes when a file is added, removed or renamed in it, not when a file is rewritten in place.
 */
export class ImportCheckpoint {
  private constructor(
    readonly file: string,
    private readonly input: Pick<CheckpointState, 'path' | 'size' | 'mtimeMs'>,
  ) {}

  static for(dataDir: string, path: string): ImportCheckpoint {
    const { size, mtimeMs } = statSync(path);
    const key = createHash('sha256')
      .update(JSON.stringify([path, size, mtimeMs]))
      .digest('hex')
      .slice(0, 32);
    const dir = join(dataDir, 'import-checkpoints');
    mkdirSync(dir, { recursive: true });
    return new ImportCheckpoint(join(dir, `${key}.json`), { path, size, mtimeMs });
  }

  read(): CheckpointState | null {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as CheckpointState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Written to a temporary file, flushed to disk, then renamed over the last one: a crash leaves the old
   * checkpoint or the new one, never half of one. Called only once the entries' events are durable.
   */
  save(entries: number, headPosition: number): void {
    const state: CheckpointState = { ...this.input, entries, headPosition, savedAt: new Date().toISOString() };
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
  }
}
