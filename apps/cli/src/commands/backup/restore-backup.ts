import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { openSqliteProjections, rebuildReadModels } from '@trial-ledger/read-models';
import { BackupManifest, BackupRefused, readManifest, sha256OfFile } from './backup-manifest';
import { LogProblems, differencesFrom, factsOfLog } from './log-facts';
import { checkAccessLogCopy, restoreAccessLog } from './access-log-copy';

export type RestorePhase = 'checking' | 'verifying' | 'rebuilding';

const removeDatabase = (file: string): Promise<unknown> =>
  Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));

/** Checks the copy as restored: every event readable, every chain verified, and all as the manifest recorded. */
const verifyRestored = async (file: string, backup: string, manifest: BackupManifest): Promise<void> => {
  const store = SqliteEventStore.open(file);
  try {
    const differences = differencesFrom(manifest, await factsOfLog(store));
    if (differences.length > 0) throw new BackupRefused(`${backup} does not hold what its manifest records:\n${differences.join('\n')}`);
  } catch (error) {
    if (error instanceof LogProblems) throw new BackupRefused(`${backup} does not verify:\n${error.message}`);
    throw error;
  } finally {
    await store.close();
  }
};

/**
 * Restores a backup into `dataDir`, which must hold no event store nor access log: refuses a backup without its
 * manifest, from a newer build, whose checksum (or its access log's) differs, or whose log does not verify (a chain, an unreadable event, a head other
 * than recorded), leaving no event store behind. Then rebuilds the SQLite read models, when `readModels`.
 */
export const restoreBackup = async (
  backup: string,
  dataDir: string,
  phase: (p: RestorePhase) => void,
  readModels: boolean,
): Promise<{ manifest: BackupManifest; replayed: number | null }> => {
  phase('checking');
  const manifest = await readManifest(backup);
  const sha256 = await sha256OfFile(backup);
  if (sha256 !== manifest.sha256) {
    throw new BackupRefused(
      `${backup}: its SHA-256 is ${sha256}, the manifest records ${manifest.sha256}: the file is corrupt or not the one backed up`,
    );
  }
  const accessLog = manifest.accessLog ? await checkAccessLogCopy(backup, manifest.accessLog) : null;
  const target = join(dataDir, 'events.sqlite');
  if (existsSync(target)) throw new BackupRefused(`${dataDir} already holds an event store (events.sqlite): restore into an empty folder`);
  await mkdir(dataDir, { recursive: true });
  const restoring = `${target}.restoring`;
  await removeDatabase(restoring);
  await copyFile(backup, restoring);
  phase('verifying');
  try {
    await verifyRestored(restoring, backup, manifest);
    // Before the log: killed in between, the folder holds an access log without a log, which a second restore refuses loudly.
    if (accessLog) await restoreAccessLog(accessLog, manifest.accessLog!, dataDir);
  } catch (error) {
    await removeDatabase(restoring);
    throw error;
  }
  await rename(restoring, target);
  if (!readModels) return { manifest, replayed: null };
  phase('rebuilding');
  return { manifest, replayed: await rebuildInto(dataDir) };
};

/** The read models of a folder whose log was just restored: any older ones are dropped and replayed from it. */
const rebuildInto = async (dataDir: string): Promise<number> => {
  const file = join(dataDir, 'read-models.sqlite');
  await removeDatabase(file);
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  const projections = openSqliteProjections(file);
  try {
    return await rebuildReadModels(store, projections.handlers);
  } finally {
    projections.close();
    await store.close();
  }
};
