import { execFile } from 'node:child_process';

export interface KcatOptions {
  timeoutMs?: number;
}

// Debian ships the tool as kcat; older packages and some distributions still call it kafkacat.
const BINARIES = ['kcat', 'kafkacat'];
const NOT_INSTALLED = 'kcat is not installed: apt-get install kcat (infra/ci/install-test-tools.sh does it)';

type ExecError = Error & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals | null };

const run = (binary: string, args: string[], timeoutMs: number): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const failure = error as ExecError;
      if (failure.code === 'ENOENT') return reject(failure);
      const why = failure.killed ? `timed out after ${timeoutMs} ms` : `exit ${failure.code ?? failure.signal}`;
      reject(new Error(`${binary} ${args.join(' ')} failed (${why}):\n${stderr.trim()}`));
    });
  });

/** Runs kcat, an independent (librdkafka) client, and resolves with its standard output. */
export const kcat = async (args: string[], options: KcatOptions = {}): Promise<string> => {
  for (const binary of BINARIES) {
    try {
      return await run(binary, args, options.timeoutMs ?? 30_000);
    } catch (error) {
      if ((error as ExecError).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(NOT_INSTALLED);
};
