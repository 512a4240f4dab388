import { join } from 'node:path';
import { ServerProcess } from './server-process';

const ENTRY = join(__dirname, '..', 'app', 'main.ts');
/** What apps/api/src/bootstrap.ts logs once it listens. */
const LISTENS = /listens on (http:\/\/\S+)/;

/**
 * The API with the benchmark's no-op route (bench/app) as a child process, on a free port and without the
 * rate limit (one address sends every request); `env` configures it as it would the API. The real routes it
 * serves are the API's, so the http suites take both from this one process.
 */
export const startBenchApp = (env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> =>
  ServerProcess.start(ENTRY, [], { PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ...env }, LISTENS, timeoutMs);
