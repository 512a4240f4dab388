import { join } from 'node:path';
import { LISTENS, StackKind } from './http-stack-common';
import { ServerProcess } from './server-process';

const ENTRY = join(__dirname, 'http-stack-server.ts');

/** One http-stack server (bench/support/http-stack-server.ts) as a child process of its own. */
export const startStackServer = (kind: StackKind, env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> =>
  ServerProcess.start(ENTRY, [kind], env, LISTENS, timeoutMs);
