import { Pool, PoolClient } from 'pg';
import { ProjectionHandler } from '../ports/read-model.port';
import { ModelComparison, ShadowReadModels, SwapOutcome, SwapRefused, TableCount } from '../shadow/shadow-read-models.port';
import { SideDigests, TrialDigester, compareSides } from '../shadow/trial-digests';
import { inTransaction } from './pg-read-model-schema';
import { PgTrialHistoryProjection, PgTrialViewProjection } from './pg-projections';
import { PgTrialComplianceProjection } from './pg-trial-compliance';

/** The projections' tables, each with the order its rows hash in per trial (null: no trial key, counted only). */
const TABLES: { name: string; order: string | null }[] = [
  { name: 'trial_view', order: 'nct_id' },
  { name: 'trial_history', order: 'nct_id, revision' },
  { name: 'trial_history_state', order: 'nct_id' },
  { name: 'trial_compliance', order: 'nct_id' },
  { name: 'trial_compliance_totals', order: null },
  { name: 'trial_conditions', order: 'nct_id, term' },
  { name: 'trial_countries', order: 'nct_id, country' },
  { name: 'condition_terms', order: null },
];

/** The projections' tables this build created in `schema` (a table of an older or newer build is not swapped). */
const tablesIn = async (client: PoolClient, schema: string): Promise<typeof TABLES> => {
  const { rows } = await client.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
    [schema],
  );
  const present = new Set(rows.map((r) => r.name));
  return TABLES.filter((t) => present.has(t.name));
};

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A pool whose connections find unqualified names in `schema` only. */
export type SchemaPool = (schema: string) => Pool;

/**
 * The shadow is a schema beside the live read models' (`<live>_rebuild`), built by the same projections on a pool
 * whose search_path is that schema. The swap, in one transaction on the live pool, locks the live checkpoints and
 * tables (readers wait, they never fail), drops the live tables and moves the shadow's into the live schema with
 * their indexes, and sets the live checkpoints to the shadow's. Other tables of the live schema (the relay's
 * checkpoint, the sync cursor) are left alone.
 */
export class PgShadowReadModels extends ShadowReadModels {
  private pool: Pool | null = null;
  private handlers: ProjectionHandler[] = [];
  private schemas: { live: string; shadow: string } | null = null;
  /** A session that holds the rebuild's advisory lock: one rebuild at a time per schema. */
  private lock: PoolClient | null = null;

  constructor(
    private readonly live: Pool,
    private readonly openPool: SchemaPool,
  ) {
    super();
  }

  async open(fresh: boolean): Promise<ProjectionHandler[]> {
    const { rows } = await this.live.query<{ s: string }>('SELECT current_schema() AS s');
    const schemas = { live: rows[0].s, shadow: `${rows[0].s}_rebuild` };
    await this.takeLock(schemas.live);
    if (fresh) await this.live.query(`DROP SCHEMA IF EXISTS ${quoted(schemas.shadow)} CASCADE`);
    await this.live.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schemas.shadow)}`);
    this.schemas = schemas;
    this.pool = this.openPool(schemas.shadow);
    const resolved = (await this.pool.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0].s;
    if (resolved !== schemas.shadow) {
      await this.close();
      throw new Error(`The shadow's connections resolve names in schema ${resolved}, not ${schemas.shadow}; nothing was built`);
    }
    this.handlers = [
      new PgTrialViewProjection(this.pool),
      new PgTrialHistoryProjection(this.pool),
      new PgTrialComplianceProjection(this.pool),
    ];
    return this.handlers;
  }

  async compare(): Promise<ModelComparison> {
    const { live, shadow } = this.names();
    const client = await this.live.connect();
    try {
      // One snapshot for both schemas, however long the digests take.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const swapped = await tablesIn(client, shadow);
      const tables: TableCount[] = [];
      for (const { name } of swapped)
        tables.push({ table: name, live: await count(client, live, name), shadow: await count(client, shadow, name) });
      const at = async (schema: string): Promise<number> => {
        const positions: number[] = [];
        for (const { name } of this.handlers) positions.push(await checkpointOf(client, schema, name));
        return Math.min(...positions);
      };
      const bounds = { liveAt: await at(live), shadowAt: await at(shadow) };
      return compareSides(tables, await digestsOf(client, live, swapped), await digestsOf(client, shadow, swapped), bounds);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async swap(catchUp: () => Promise<void>): Promise<SwapOutcome> {
    const { live, shadow } = this.names();
    const outcome = await inTransaction(this.live, (client) => this.swapIn(client, live, shadow, catchUp));
    if (outcome.swapped) {
      await this.closePool();
      await this.live.query(`DROP SCHEMA IF EXISTS ${quoted(shadow)} CASCADE`);
    }
    return outcome;
  }

  async close(): Promise<void> {
    await this.closePool();
    // Destroyed, not returned to the pool: ending the session releases its advisory lock.
    this.lock?.release(true);
    this.lock = null;
  }

  private async takeLock(live: string): Promise<void> {
    if (this.lock !== null) return;
    const client = await this.live.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      `trial-ledger/rebuild/${live}`,
    ]);
    if (!rows[0].ok) {
      client.release(true);
      throw new Error(`Another rebuild of the read models in schema ${live} is running; wait for it, or stop it and run rebuild --resume`);
    }
    this.lock = client;
  }

  private async swapIn(client: PoolClient, live: string, shadow: string, catchUp: () => Promise<void>): Promise<SwapOutcome> {
    const swapped = await tablesIn(client, shadow);
    // The checkpoints first, as a live projection takes them first: it finishes its batch, then waits for the swap.
    await client.query(`LOCK TABLE ${quoted(live)}.projection_checkpoints IN ACCESS EXCLUSIVE MODE`);
    await client.query(`LOCK TABLE ${swapped.map((t) => `${quoted(live)}.${t.name}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    // Read committed: after a catch-up on the shadow's pool, this transaction reads what it committed.
    let behind = await this.behind(client, live, shadow);
    if (behind !== null) {
      await catchUp();
      behind = await this.behind(client, live, shadow);
    }
    if (behind !== null) return behind;
    const positions: number[] = [];
    for (const { name } of this.handlers) positions.push(await checkpointOf(client, shadow, name));
    await refuseUnknownTables(client, shadow);
    for (const { name } of swapped) {
      await client.query(`DROP TABLE IF EXISTS ${quoted(live)}.${name}`);
      await client.query(`ALTER TABLE ${quoted(shadow)}.${name} SET SCHEMA ${quoted(live)}`);
    }
    for (const [index, { name: projection }] of this.handlers.entries()) {
      await client.query(
        `INSERT INTO ${quoted(live)}.projection_checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        [projection, positions[index]],
      );
    }
    await client.query(`DELETE FROM ${quoted(live)}.projection_checkpoints WHERE name LIKE '%~rows-covered'`);
    return { swapped: true, position: Math.min(...positions) };
  }

  /** The first projection whose live checkpoint stands past the shadow's. */
  private async behind(client: PoolClient, live: string, shadow: string): Promise<SwapRefused | null> {
    for (const { name: projection } of this.handlers) {
      const [now, built] = [await checkpointOf(client, live, projection), await checkpointOf(client, shadow, projection)];
      if (now > built) return { swapped: false, projection, live: now, shadow: built };
    }
    return null;
  }

  private names(): { live: string; shadow: string } {
    if (this.schemas === null) throw new Error('The shadow read models are not open');
    return this.schemas;
  }

  private async closePool(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}

const count = async (client: PoolClient, schema: string, table: string): Promise<number> =>
  Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoted(schema)}.${table}`)).rows[0].n);

const checkpointOf = async (client: PoolClient, schema: string, name: string): Promise<number> => {
  const { rows } = await client.query<{ position: string }>(
    `SELECT position FROM ${quoted(schema)}.projection_checkpoints WHERE name = $1`,
    [name],
  );
  return rows.length > 0 ? Number(rows[0].position) : 0;
};

/** Each trial's rows hashed by the server, table by table; only a digest per trial crosses the wire. */
const digestsOf = async (client: PoolClient, schema: string, tables: typeof TABLES): Promise<SideDigests> => {
  const digester = new TrialDigester();
  for (const { name, order } of tables) {
    if (order === null) continue;
    const { rows } = await client.query<{ nct_id: string; d: string }>(
      `SELECT nct_id, md5(string_agg(t::text, '|' ORDER BY ${order})) AS d FROM ${quoted(schema)}.${name} t GROUP BY nct_id ORDER BY nct_id`,
    );
    digester.addTable(
      name,
      rows.map((r) => ({ nctId: r.nct_id, values: [r.d] })),
    );
  }
  const { rows } = await client.query<{ nct_id: string; revision: number; position: string }>(
    `SELECT nct_id, revision, position FROM ${quoted(schema)}.trial_view`,
  );
  return {
    revisions: new Map(rows.map((r) => [r.nct_id, { revision: r.revision, position: Number(r.position) }])),
    digests: digester.digests(),
  };
};

/** A table the projections filled that the swap does not know would be left stale in the live schema: refuse. */
const refuseUnknownTables = async (client: PoolClient, shadow: string): Promise<void> => {
  const known = new Set([...TABLES.map((t) => t.name), 'projection_checkpoints']);
  const { rows } = await client.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
    [shadow],
  );
  const unknown: string[] = [];
  for (const { name } of rows) if (!known.has(name) && (await count(client, shadow, name)) > 0) unknown.push(name);
  if (unknown.length > 0)
    throw new Error(`The rebuilt read models hold tables the swap does not know (${unknown.join(', ')}); nothing was swapped`);
};
