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

/** Creates a database on the server `adminUrl` points to (template0: nothing a previous run left in template1). */
export const createDatabase = async (adminUrl: string): Promise<TestDatabase> => {
  const name = uniqueName();
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | null = null;
  const drop = async () => {
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  return { url: url.toString(), dispose: () => (dropped ??= drop()) };
};
