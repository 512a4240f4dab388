import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** Connection URL of a fresh, empty database of its own. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  dispose(): Promise<void>;
}

let created = 0;

/** Lower case letters, digits and underscores only, so it needs no quoting. */
const uniqueName = (): string => {
  created += 1;
  return `test_${process.pid}_${created}_${randomBytes(4).toString('hex')}`;
};

export const withClient = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const CLOSE_GRACE_MS = 2_000;

/**
 * pg-pool's end() resolves before its clients' Terminate messages reach the server. Dropping WITH FORCE at once
 * would send those still-open sessions a FATAL 57P01, which an ended pool throws as an uncaught error into the
 * test process; so the drop first waits, for a bounded time, for the database's sessions to go by themselves.
 * FORCE then only ends what is really left behind (a killed service's connections).
 */
const closingConnectionsGone = async (client: Client, name: string): Promise<void> => {
  const deadline = Date.now() + CLOSE_GRACE_MS;
  const sessions = async () =>
    Number(
      (
        await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          name,
        ])
      ).rows[0].n,
    );
  while (Date.now() < deadline && (await sessions()) > 0) await new Promise((r) => setTimeout(r, 50));
};

/** Creates a database on the server `adminUrl` points to (template0: nothing a previous run left in template1). */
export const createDatabase = async (adminUrl: string): Promise<TestDatabase> => {
  const name = uniqueName();
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | null = null;
  const drop = () =>
    withClient(adminUrl, async (c) => {
      await closingConnectionsGone(c, name);
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  return { url: url.toString(), dispose: () => (dropped ??= drop()) };
};
