import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { ProjectionHandler } from '../ports/read-model.port';
import { ModelComparison, ShadowReadModels, SwapOutcome, SwapRefused } from '../shadow/shadow-read-models.port';
import { SideDigests, TrialDigester, TrialMark, compareSides } from '../shadow/trial-digests';
import { openReadModelDb } from './read-model-db';
import { SqliteProjections, openSqliteProjections } from './sqlite-projections';

/** The projections' tables, each with the order its rows hash in per trial (null: no trial key, counted only). */
const TABLES: { name: string; order: string | null }[] = [
  { name: 'trials', order: 'nct_id' },
  { name: 'trial_history', order: 'nct_id, revision' },
  { name: 'history_state', order: 'nct_id' },
  { name: 'trial_compliance', order: 'nct_id' },
  { name: 'trial_compliance_totals', order: null },
  { name: 'trial_conditions', order: 'nct_id, term' },
  { name: 'trial_countries', order: 'nct_id, country' },
  { name: 'condition_terms', order: null },
];

type Side = 'main' | 'shadow';

const columnsOf = (db: Database.Database, side: Side, table: string): string[] =>
  (db.pragma(`${side}.table_info(${table})`) as { name: string }[]).map((c) => `"${c.name}"`);

const checkpointOf = (db: Database.Database, side: Side, name: string): number =>
  db.prepare<[string], { position: number }>(`SELECT position FROM ${side}.checkpoints WHERE name = ?`).get(name)?.position ?? 0;

/**
 * The shadow is a second read-model file beside the live one (read-models.rebuild.sqlite), built by the same
 * projections on a connection of its own, so its writes never queue behind the live projections'. The swap attaches
 * it to the live file and copies its tables over the live ones in one IMMEDIATE transaction: readers (WAL) go on
 * reading the old rows until the commit, the live projections' next write waits for it (busy_timeout).
 */
export class SqliteShadowReadModels extends ShadowReadModels {
  private shadow: SqliteProjections | null = null;
  private lock: Database.Database | null = null;

  constructor(
    private readonly liveFile: string,
    private readonly shadowFile = liveFile.replace(/(\.sqlite)?$/, '.rebuild.sqlite'),
  ) {
    super();
  }

  async open(fresh: boolean): Promise<ProjectionHandler[]> {
    this.takeLock();
    if (fresh) this.removeShadow();
    this.shadow = openSqliteProjections(this.shadowFile);
    return this.shadow.handlers;
  }

  async compare(): Promise<ModelComparison> {
    return this.attached((db) => {
      // One read transaction: each file is read as of one instant, however long the digests take.
      db.exec('BEGIN');
      try {
        const tables = this.tables(db).map(({ name }) => ({
          table: name,
          live: this.count(db, 'main', name),
          shadow: this.count(db, 'shadow', name),
        }));
        const at = (side: Side) => Math.min(...this.names().map((n) => checkpointOf(db, side, n)));
        return compareSides(tables, this.digestsOf(db, 'main'), this.digestsOf(db, 'shadow'), {
          liveAt: at('main'),
          shadowAt: at('shadow'),
        });
      } finally {
        db.exec('COMMIT');
      }
    });
  }

  async swap(catchUp: () => Promise<void>): Promise<SwapOutcome> {
    const outcome = await this.attachedAsync((db) => this.swapIn(db, catchUp));
    if (outcome.swapped) {
      this.closeShadow();
      this.removeShadow();
    }
    return outcome;
  }

  async close(): Promise<void> {
    this.closeShadow();
    this.lock?.close();
    this.lock = null;
  }

  /**
   * One rebuild at a time per file: an open write transaction on a lock file beside the shadow (SQLite's RESERVED
   * lock, which the kernel drops with the process, even on SIGKILL).
   */
  private takeLock(): void {
    if (this.lock !== null) return;
    const lock = new Database(`${this.shadowFile}.lock`);
    try {
      lock.exec('BEGIN IMMEDIATE');
      this.lock = lock;
    } catch (error) {
      lock.close();
      if (!/^SQLITE_BUSY/.test((error as { code?: string }).code ?? '')) throw error;
      throw new Error(`Another rebuild of ${this.liveFile} is running; wait for it, or stop it and run rebuild --resume`);
    }
  }

  /**
   * A write on the live file first (a no-op UPDATE takes its write lock, and only its): the live projections wait
   * from here to the commit. The shadow is read through the attachment only after any catch-up, so that the
   * transaction's snapshot of it includes what the catch-up wrote on the shadow's own connection.
   */
  private async swapIn(db: Database.Database, catchUp: () => Promise<void>): Promise<SwapOutcome> {
    db.exec('BEGIN');
    try {
      db.prepare("UPDATE main.checkpoints SET position = position WHERE name = '~'").run();
      let behind = await this.behind(db);
      if (behind !== null) {
        await catchUp();
        behind = await this.behind(db);
      }
      if (behind !== null) {
        db.exec('ROLLBACK');
        return behind;
      }
      const position = this.copyIn(db);
      db.exec('COMMIT');
      return { swapped: true, position };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The first projection whose live checkpoint stands past the shadow's (read on the shadow's own connection). */
  private async behind(db: Database.Database): Promise<SwapRefused | null> {
    for (const handler of this.handlers()) {
      const [live, shadow] = [checkpointOf(db, 'main', handler.name), await handler.checkpoint()];
      if (live > shadow) return { swapped: false, projection: handler.name, live, shadow };
    }
    return null;
  }

  private copyIn(db: Database.Database): number {
    const names = this.names();
    this.refuseUnknownTables(db);
    for (const { name } of this.tables(db)) {
      const columns = columnsOf(db, 'shadow', name).join(', ');
      db.exec(`DELETE FROM main.${name}; INSERT INTO main.${name} (${columns}) SELECT ${columns} FROM shadow.${name};`);
    }
    const set = db.prepare(
      'INSERT INTO main.checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
    );
    const positions = names.map((n) => checkpointOf(db, 'shadow', n));
    names.forEach((projection, i) => set.run(projection, positions[i]));
    db.exec("DELETE FROM main.checkpoints WHERE name LIKE '%~rows-covered'");
    return Math.min(...positions);
  }

  /** A table the projections filled that the swap does not know would be left stale in the live file: refuse. */
  private refuseUnknownTables(db: Database.Database): void {
    const known = new Set([...TABLES.map((t) => t.name), 'checkpoints']);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM shadow.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all();
    const unknown = tables.filter((t) => !known.has(t.name) && this.count(db, 'shadow', t.name) > 0).map((t) => t.name);
    if (unknown.length > 0) {
      throw new Error(`The rebuilt read models hold tables the swap does not know (${unknown.join(', ')}); nothing was swapped`);
    }
  }

  private digestsOf(db: Database.Database, side: Side): SideDigests {
    const digester = new TrialDigester();
    for (const { name, order } of this.tables(db)) {
      if (order === null) continue;
      const rows = db
        .prepare<[], Record<string, unknown>>(`SELECT ${columnsOf(db, 'shadow', name).join(', ')} FROM ${side}.${name} ORDER BY ${order}`)
        .iterate();
      digester.addTable(name, mapRows(rows));
    }
    const marks = db.prepare<[], { nct_id: string } & TrialMark>(`SELECT nct_id, revision, position FROM ${side}.trials`).all();
    return {
      revisions: new Map(marks.map((m) => [m.nct_id, { revision: m.revision, position: m.position }])),
      digests: digester.digests(),
    };
  }

  /** The projections' tables this build creates (a table of an older or newer build is not swapped). */
  private tables(db: Database.Database): typeof TABLES {
    return TABLES.filter(({ name }) => columnsOf(db, 'shadow', name).length > 0);
  }

  private count(db: Database.Database, side: Side, table: string): number {
    return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${side}.${table}`).get()!.n;
  }

  private handlers(): ProjectionHandler[] {
    if (this.shadow === null) throw new Error('The shadow read models are not open');
    return this.shadow.handlers;
  }

  private names(): string[] {
    return this.handlers().map((h) => h.name);
  }

  private async attachedAsync<T>(work: (db: Database.Database) => Promise<T>): Promise<T> {
    const db = openReadModelDb(this.liveFile);
    try {
      db.prepare('ATTACH DATABASE ? AS shadow').run(this.shadowFile);
      return await work(db);
    } finally {
      db.close();
    }
  }

  private attached<T>(work: (db: Database.Database) => T): T {
    const db = openReadModelDb(this.liveFile);
    try {
      db.prepare('ATTACH DATABASE ? AS shadow').run(this.shadowFile);
      return work(db);
    } finally {
      db.close();
    }
  }

  private closeShadow(): void {
    this.shadow?.close();
    this.shadow = null;
  }

  private removeShadow(): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.shadowFile}${suffix}`, { force: true });
  }
}

function* mapRows(rows: Iterable<Record<string, unknown>>): Iterable<{ nctId: string; values: unknown[] }> {
  for (const row of rows) yield { nctId: row.nct_id as string, values: Object.values(row) };
}
