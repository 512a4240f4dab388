import Database from 'better-sqlite3';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { BackupManifest, MANIFEST_FORMAT, MANIFEST_VERSION, STORE_FORMAT, manifestPathOf, sha256OfFile } from './backup-manifest';
import { LogFacts, factsOfLog } from './log-facts';
import { accessLogCopyPathOf, copyAccessLog } from './access-log-copy';

export type BackupPhase = 'copying' | 'verifying' | 'copying the access log' | 'writing the manifest';

/**
 * SQLite's online backup API, from a connection of its own: writers go on committing to the log meanwhile. The
 * first step copies 100 pages, every later one all that remain, inside one read transaction: a copy restarted by
 * a commit between the first two steps restarts once, never for ever under load.
 */
const onlineCopy = async (source: string, target: string): Promise<void> => {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target, { progress: ({ totalPages }) => totalPages });
  } finally {
    db.close();
  }
};

const removeDatabase = (file: string): Promise<unknown> =>
  Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));

/** What the copy holds, read from the copy itself: the manifest can only describe what the file contains. */
const factsOfCopy = async (file: string): Promise<LogFacts> => {
  const store = SqliteEventStore.open(file);
  try {
    return await factsOfLog(store);
  } finally {
    await store.close();
  }
};

/** Writes `text` to `path` durably: to a file beside it, synced, renamed over it, and the folder synced. */
const writeDurably = async (path: string, text: string): Promise<void> => {
  await writeFile(`${path}.partial`, text);
  await syncFile(`${path}.partial`);
  await rename(`${path}.partial`, path);
  await syncFile(dirname(path));
};

const syncFile = async (path: string): Promise<void> => {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Copies the log at `source` to `file` while commands keep arriving, checks the copy (every event readable, every
 * chain verified), copies the access log of `source`'s folder beside it, and writes its manifest beside them. The copy is built as `<file>.partial` and the manifest written
 * last, each renamed into place once synced, after any older manifest at that path is deleted: a run killed at any
 * point leaves either no manifest, or one whose checksum the new file does not match, and restore refuses both.
 */
export const takeBackup = async (source: string, file: string, phase: (p: BackupPhase) => void): Promise<BackupManifest> => {
  const partial = `${file}.partial`;
  await removeDatabase(partial);
  phase('copying');
  const createdAt = new Date().toISOString();
  await onlineCopy(source, partial);
  phase('verifying');
  const facts = await factsOfCopy(partial);
  phase('copying the access log');
  await rm(manifestPathOf(file), { force: true });
  await removeDatabase(accessLogCopyPathOf(file));
  const accessLog = await copyAccessLog(dirname(source), file, onlineCopy);
  if (accessLog) await syncFile(accessLogCopyPathOf(file));
  phase('writing the manifest');
  await syncFile(partial);
  await rename(partial, file);
  await syncFile(dirname(file));
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    manifestVersion: MANIFEST_VERSION,
    storeFormat: STORE_FORMAT,
    createdAt,
    file: file.split('/').pop()!,
    bytes: (await stat(file)).size,
    sha256: await sha256OfFile(file),
    ...facts,
    accessLog,
  };
  await writeDurably(manifestPathOf(file), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
};
