import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openReadModelDb } from '@trial-ledger/read-models';

type HistoryRow = { nct_id: string; revision: number; position: number; changes: string };

const ROWS_PER_TRANSACTION = 20_000;

/**
 * The least a rebuild must write: the audit history's rows exactly as a rebuild produced them (one per event,
 * in log order), inserted with raw better-sqlite3 into a fresh read-model file of the same schema and pragmas,
 * in transactions of a rebuild batch's size. The rows are read into memory first, so only the writing is
 * timed. Returns the milliseconds, the number of rows written and their mean size (the changes' JSON).
 */
export const historyWriteMs = (rebuiltFile: string, freshFile: string): { ms: number; rows: number; meanRowBytes: number } => {
  const source = new Database(rebuiltFile, { readonly: true });
  const rows = source.prepare<[], HistoryRow>('SELECT nct_id, revision, position, changes FROM trial_history ORDER BY position').all();
  source.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${freshFile}${suffix}`, { force: true });
  const db = openReadModelDb(freshFile);
  try {
    const insert = db.prepare('INSERT INTO trial_history (nct_id, revision, position, changes) VALUES (?, ?, ?, ?)');
    const write = db.transaction((from: number) => {
      for (const r of rows.slice(from, from + ROWS_PER_TRANSACTION)) insert.run(r.nct_id, r.revision, r.position, r.changes);
    });
    const started = performance.now();
    for (let from = 0; from < rows.length; from += ROWS_PER_TRANSACTION) write(from);
    const ms = performance.now() - started;
    const meanRowBytes = rows.reduce((sum, r) => sum + Buffer.byteLength(r.changes), 0) / Math.max(1, rows.length);
    return { ms, rows: rows.length, meanRowBytes };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${freshFile}${suffix}`, { force: true });
  }
};
