import Database from 'better-sqlite3';
import { LogCheckpoints, LogSnapshot, NewCheckpoint, StoredCheckpoint, StreamHead } from '../log-checkpoints.port';

type HeadRow = { stream_id: string; revision: number; hash: string | null };

// The covering (stream_id, revision) index holds the position too (it is the rowid): no table scan.
const HEADS_AT = `SELECT e.stream_id, e.revision, json_extract(e.metadata, '$.integrity.hash') AS hash
  FROM (SELECT stream_id, max(revision) AS revision FROM events WHERE position <= ? GROUP BY stream_id) AS h
  JOIN events AS e ON e.stream_id = h.stream_id AND e.revision = h.revision
  ORDER BY e.stream_id`;

const toHead = (r: HeadRow): StreamHead => ({ streamId: r.stream_id, revision: r.revision, hash: r.hash });

const headsAt = (db: Database.Database, position: number): StreamHead[] =>
  db.prepare<[number], HeadRow>(HEADS_AT).all(position).map(toHead);

/**
 * The checkpoints in the log's own file (DATA_DIR/events.sqlite, table `checkpoints`), so a copy of the file carries
 * them. It works on the event store's connection (`SqliteEventStore.logCheckpoints()`): a second connection opened
 * while the file is read-only would keep the WAL index read-only for the store too. Checkpoints are rare: the
 * statements are prepared per call, on whatever connection the store has then.
 */
export class SqliteLogCheckpoints extends LogCheckpoints {
  constructor(private readonly db: () => Database.Database) {
    super();
  }

  async snapshot(): Promise<LogSnapshot> {
    const db = this.db();
    // One read transaction: the head and the heads come from the same snapshot of the file.
    return db.transaction(() => {
      const position = db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM events').get()?.p ?? 0;
      return { position, heads: headsAt(db, position) };
    })();
  }

  async headsAt(position: number): Promise<StreamHead[]> {
    return headsAt(this.db(), position);
  }

  async append({ position, payload, signature }: NewCheckpoint): Promise<StoredCheckpoint> {
    const insert = this.db().prepare('INSERT INTO checkpoints (position, payload, signature) VALUES (?, ?, ?)');
    return { id: Number(insert.run(position, payload, signature).lastInsertRowid), position, payload, signature };
  }

  async latest(): Promise<StoredCheckpoint | null> {
    const latest = this.db().prepare<[], StoredCheckpoint>(
      'SELECT id, position, payload, signature FROM checkpoints ORDER BY id DESC LIMIT 1',
    );
    return latest.get() ?? null;
  }

  /** The store closes the connection. */
  async close(): Promise<void> {}
}
