import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { CliOutput } from '../../apps/cli/src/cli-io';
import { runCli } from '../../apps/cli/src/run-cli';
import { TEST_SECRET } from './test-app';

// The compiled CLI, as an operator runs it (npm test builds before jest).
export const CLI = resolve(__dirname, '../../dist/apps/cli/src/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only the environment the CLI needs: a data directory and the secret the test apps sign with. */
const cliEnv = (dataDir: string): NodeJS.ProcessEnv => ({ NO_COLOR: '1', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET });

const buffer = (): CliOutput & { text: string } => {
  const output = { text: '', write: (text: string) => void (output.text += text) };
  return output;
};

/**
 * Runs `npm run cli -- <args>` inside the test's process, through the entry main.ts calls: the same commands,
 * output and exit codes without starting Node and Nest's module graph once per call.
 */
export const cliInProcess = async (dataDir: string, ...args: string[]): Promise<CliRun> => {
  const [stdout, stderr] = [buffer(), buffer()];
  const code = await runCli(args, cliEnv(dataDir), { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
};

/** Runs the compiled `npm run cli -- <args>` as a process of its own, for the smoke tests of the program itself. */
export const spawnCli = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  new Promise((done, fail) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...cliEnv(dataDir) };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, ...out }));
  });
