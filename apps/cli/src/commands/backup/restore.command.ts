import { resolve } from 'node:path';
import { AppConfig } from '@trial-ledger/platform';
import { WriterLock, WriterLockHeldError } from '@trial-ledger/runtime';
import { CliIo } from '../../cli-io';
import { EXIT } from '../../program/exit-codes';
import { BackupRefused } from './backup-manifest';
import { restoreBackup } from './restore-backup';

/**
 * `cli restore <file> [--data-dir <dir>]`: restores a backup into a folder without an event store (DATA_DIR by
 * default), after checking its manifest, checksum and chains, then rebuilds the SQLite read models there. A refused
 * backup exits 1 with the reason and leaves no event store behind. It holds the folder's writer lock throughout.
 */
export const restoreRun = async (config: AppConfig, file: string, dataDir: string | undefined, io: CliIo): Promise<number> => {
  if (config.storage.eventStore !== 'sqlite') {
    io.stderr.write('The event store is PostgreSQL: restore it with pg_restore, as docs/reliability.md describes\n');
    return EXIT.usage;
  }
  const folder = resolve(dataDir ?? config.dataDir);
  const sqliteReadModels = config.storage.readModelStore === 'sqlite';
  let lock: WriterLock;
  try {
    lock = WriterLock.acquire(folder, 'cli restore');
  } catch (error) {
    if (!(error instanceof WriterLockHeldError)) throw error;
    io.stderr.write(`Refused: ${error.message}\n`);
    return EXIT.problem;
  }
  try {
    const { manifest, replayed } = await restoreBackup(
      resolve(file),
      folder,
      (phase) => io.stderr.write(`restore: ${phase}\n`),
      sqliteReadModels,
    );
    const trials = Object.keys(manifest.trials).length;
    const accessLog = manifest.accessLog ? `, access log of ${manifest.accessLog.entries} entries` : ', no access log (none was backed up)';
    const models = replayed === null ? 'the read models are on PostgreSQL: run cli rebuild' : `read models rebuilt from ${replayed} events`;
    io.stdout.write(
      `Restored ${manifest.events} events of ${trials} trials, every chain verified, up to position ${manifest.headPosition} ` +
        `(backed up ${manifest.createdAt})${accessLog} into ${folder}; ${models}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    io.stderr.write(`Refused: ${error.message}\n`);
    return EXIT.problem;
  } finally {
    lock.release();
  }
};
