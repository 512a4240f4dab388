import { Pool } from 'pg';
import { postgresForTests } from '../../../../../test/support/postgres';
import { accessLogContract } from '../../application/access-log/testing/access-log.contract';
import { PgAccessLog } from './pg-access-log';

let database: { url: string; dispose(): Promise<void> };
let pool: Pool;
beforeAll(async () => {
  database = await postgresForTests();
  pool = new Pool({ connectionString: database.url, max: 4 });
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await database?.dispose();
});

accessLogContract('PgAccessLog', {
  open: async () => new PgAccessLog(pool),
  execute: (sql) => pool.query(sql),
});
