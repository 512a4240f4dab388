import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * The mean time of one durable commit on this disk: raw better-sqlite3 with the event store's own pragmas
 * (WAL, synchronous=FULL), one event-sized row per transaction, in the benchmark's scratch directory. With one
 * client every command waits for one such commit and nothing else can share it, so the no-op route's time plus
 * this is the fastest a durably acknowledged command can be answered.
 */
export const durableCommitMs = (workDir: string, commits: number): number => {
  const db = new Database(join(workDir, 'durable-commit.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE rows (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO rows (id, data) VALUES (?, ?)');
    const payload = JSON.stringify({ nctId: 'NCT00000000', count: 120, type: 'ACTUAL', note: 'x'.repeat(600) });
    for (let i = 0; i < commits / 10; i++) insert.run(randomUUID(), payload);
    const started = performance.now();
    for (let i = 0; i < commits; i++) insert.run(randomUUID(), payload);
    return (performance.now() - started) / commits;
  } finally {
    db.close();
  }
};
