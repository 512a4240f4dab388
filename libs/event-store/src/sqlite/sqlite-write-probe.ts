import type Database from 'better-sqlite3';
import { StoreWriteProbe, Writability, unwritableReason } from '../write-probe.port';

/*
 * Created on first use rather than with the schema: a store opened on a read-only file (verify, replay) must not
 * fail to open for want of a table it never writes. One row, rewritten, so the table never grows.
 */
const PROBE = `CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
INSERT INTO write_probe (id, probed_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at;`;

/** Commits one row of `write_probe` in its own transaction, synchronously, so no append can interleave. */
export const writeProbeRow = (db: Database.Database): void => {
  db.transaction(() => db.exec(PROBE))();
};

/** The embedded store's probe: a real commit, on the connection the appends use, so it fails when they would. */
export class SqliteWriteProbe extends StoreWriteProbe {
  constructor(
    readonly location: string,
    private readonly write: () => void,
  ) {
    super();
  }

  async probe(): Promise<Writability> {
    try {
      this.write();
      return { writable: true };
    } catch (error) {
      return { writable: false, reason: unwritableReason(error) };
    }
  }
}
