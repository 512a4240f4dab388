import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_SECRET } from './test-app';

// The compiled CLI, as an operator runs it (npm test builds before jest).
export const CLI = resolve(__dirname, '../../dist/apps/cli/src/main.js');

export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Runs `npm run cli -- <args>` on a data directory, with only the environment the CLI needs. */
export const runCli = (dataDir: string, ...args: string[]): Promise<CliRun> => new Promise((done, fail) => {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET };
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  child.once('error', fail);
  child.once('close', (code) => done({ code, ...out }));
});
