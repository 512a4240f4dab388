import Database from 'better-sqlite3';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AccessLogCopy, BackupRefused, sha256OfFile } from './backup-manifest';

export const ACCESS_LOG_FILE = 'access-log.sqlite';
export const accessLogCopyPathOf = (backup: string): string => `${backup}.access-log`;

const removeDatabase = (file: string): Promise<unknown> =>
  Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));

/** Counted in the copy itself, read-only: the manifest describes what the file holds, not what the source held. */
const entriesOf = (file: string): { entries: number; lastId: number } => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT count(*) AS entries, coalesce(max(id), 0) AS lastId FROM access_log').get() as {
      entries: number;
      lastId: number;
    };
    return row;
  } finally {
    db.close();
  }
};

/**
 * Copies the access log beside the backup with SQLite's online backup API (`copy`), as the event log is copied:
 * the API and read-only CLI commands may record reads meanwhile. Null when the folder has none (a PostgreSQL
 * access log, or a store never read). The copy goes to a `.partial` file renamed once complete.
 */
export const copyAccessLog = async (
  dataDir: string,
  backup: string,
  copy: (source: string, target: string) => Promise<void>,
): Promise<AccessLogCopy | null> => {
  const source = join(dataDir, ACCESS_LOG_FILE);
  if (!existsSync(source)) return null;
  const target = accessLogCopyPathOf(backup);
  const partial = `${target}.partial`;
  await removeDatabase(partial);
  await copy(source, partial);
  const counted = entriesOf(partial);
  await rename(partial, target);
  return { file: basename(target), bytes: (await stat(target)).size, sha256: await sha256OfFile(target), ...counted };
};

/**
 * Puts a backup's access log into `dataDir` after checking its checksum and its entries against the manifest;
 * refuses a folder that already holds one. Checked before the event log is restored, so a refusal leaves nothing.
 */
export const checkAccessLogCopy = async (backup: string, recorded: AccessLogCopy): Promise<string> => {
  const copy = accessLogCopyPathOf(backup);
  if (!existsSync(copy)) throw new BackupRefused(`${backup}: its access log (${copy}) is missing; the manifest records one`);
  const sha256 = await sha256OfFile(copy);
  if (sha256 !== recorded.sha256)
    throw new BackupRefused(
      `${copy}: its SHA-256 is ${sha256}, the manifest records ${recorded.sha256}: the access log is corrupt or not the one backed up`,
    );
  return copy;
};

export const restoreAccessLog = async (copy: string, recorded: AccessLogCopy, dataDir: string): Promise<void> => {
  const target = join(dataDir, ACCESS_LOG_FILE);
  if (existsSync(target))
    throw new BackupRefused(`${dataDir} already holds an access log (${ACCESS_LOG_FILE}): restore into an empty folder`);
  const restoring = `${target}.restoring`;
  await removeDatabase(restoring);
  await copyFile(copy, restoring);
  const found = entriesOf(restoring);
  if (found.entries !== recorded.entries || found.lastId !== recorded.lastId) {
    await removeDatabase(restoring);
    throw new BackupRefused(
      `${copy} holds ${found.entries} access-log entries up to id ${found.lastId}, the manifest says ${recorded.entries} up to id ${recorded.lastId}`,
    );
  }
  await rename(restoring, target);
};
