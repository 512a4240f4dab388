import { Client, Pool } from 'pg';
import { StoreWriteProbe, Writability, unwritableReason } from '../write-probe.port';

/*
 * One statement, so one transaction of its own: a committed write to the scratch table (refused on a standby, in
 * a read-only session, on a database that cannot write) and the service role's right to append to the log (an
 * INSERT revoked there leaves the scratch table writable).
 */
const PROBE = `WITH probe AS (
  INSERT INTO event_store.write_probe (id, probed_at) VALUES (1, now())
  ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at RETURNING id)
SELECT has_table_privilege('event_store.events', 'INSERT') AS may_insert,
  has_sequence_privilege('event_store.positions', 'USAGE') AS may_number,
  has_function_privilege('event_store.append_events(text,integer,text[],text[],integer[],text[],text[])', 'EXECUTE') AS may_call
FROM probe`;

type Rights = { may_insert: boolean; may_number: boolean; may_call: boolean };

const missingRight = (r: Rights): string | null => {
  if (!r.may_insert) return 'the service role may not INSERT into event_store.events';
  if (!r.may_number) return 'the service role may not use the sequence event_store.positions';
  if (!r.may_call) return 'the service role may not execute event_store.append_events';
  return null;
};

/** Server and database, never the credentials: the connection string may hold a password. */
export const postgresLocation = (connectionString: string): string => {
  const { host, port, database } = new Client({ connectionString });
  return `${host}:${port}/${database}`;
};

export class PostgresWriteProbe extends StoreWriteProbe {
  constructor(
    readonly location: string,
    private readonly pool: Pool,
  ) {
    super();
  }

  async probe(): Promise<Writability> {
    try {
      const missing = missingRight(await this.rights());
      return missing ? { writable: false, reason: missing } : { writable: true };
    } catch (error) {
      return { writable: false, reason: unwritableReason(error) };
    }
  }

  /*
   * A session that failed the write is closed, not pooled again, as the appends' own are: a session keeps the
   * read-only default it started with, so only a new one sees a database made writable again.
   */
  private async rights(): Promise<Rights> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      return (await client.query<Rights>(PROBE)).rows[0];
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      client.release(failed);
    }
  }
}
