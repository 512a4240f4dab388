import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessLogContract } from '../../application/access-log/testing/access-log.contract';
import { SqliteAccessLog } from './sqlite-access-log';

const dir = mkdtempSync(join(tmpdir(), 'access-log-'));
const file = join(dir, 'access-log.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

accessLogContract('SqliteAccessLog', {
  open: async () => SqliteAccessLog.open(file),
  execute: async (sql) => {
    const db = new Database(file);
    try {
      return db.exec(sql);
    } finally {
      db.close();
    }
  },
});
