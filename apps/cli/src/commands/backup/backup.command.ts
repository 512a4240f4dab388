import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '@trial-ledger/platform';
import { CliIo } from '../../cli-io';
import { EXIT } from '../../program/exit-codes';
import { AccessLogCopy, manifestPathOf } from './backup-manifest';
import { LogProblems } from './log-facts';
import { takeBackup } from './take-backup';

const accessLogLine = (copy: AccessLogCopy | null): string =>
  copy ? `access log of ${copy.entries} entries copied to ${copy.file} (SHA-256 ${copy.sha256})` : 'no access log in DATA_DIR to copy';

/**
 * `cli backup <file>`: a verified online copy of the embedded event log and its manifest, while the API runs. Each
 * phase on stderr; what was copied on stdout. A log that does not verify gets no backup (exit 1, the problems).
 */
export const backupRun = async (config: AppConfig, file: string, io: CliIo): Promise<number> => {
  if (config.storage.eventStore !== 'sqlite') {
    io.stderr.write('The event store is PostgreSQL: back it up with pg_dump, as docs/reliability.md describes\n');
    return EXIT.usage;
  }
  const source = join(config.dataDir, 'events.sqlite');
  if (!existsSync(source)) {
    io.stderr.write(`No event store at ${source}: nothing to back up\n`);
    return EXIT.problem;
  }
  const target = resolve(file);
  try {
    const manifest = await takeBackup(source, target, (phase) => io.stderr.write(`backup: ${phase}\n`));
    const trials = Object.keys(manifest.trials).length;
    io.stdout.write(
      `Backed up ${manifest.events} events of ${trials} trials, every chain verified, up to position ${manifest.headPosition}: ` +
        `${target} (SHA-256 ${manifest.sha256}), manifest ${manifestPathOf(target)}; ${accessLogLine(manifest.accessLog ?? null)}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof LogProblems)) throw error;
    io.stderr.write(`The log does not verify; no backup was written:\n${error.message}\n`);
    return EXIT.problem;
  }
};
