import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TEST_SECRET } from './test-app';

const ROOT = resolve(__dirname, '../..');

export interface CliChild {
  child: ReturnType<typeof spawn>;
  out: { stderr: string; stdout: string };
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The CLI from its sources (no build needed) as a process of its own, so that a test can kill it as a crash would. */
export const startCli = (dataDir: string, ...args: string[]): CliChild => startCliWith({}, dataDir, ...args);

/** startCli with more environment variables (METRICS_PORT …). */
export const startCliWith = (env: Record<string, string>, dataDir: string, ...args: string[]): CliChild => {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'infra/dev/ts-register.js'), join(ROOT, 'apps/cli/src/main.ts'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stderr: '', stdout: '' };
  child.stderr!.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, out, ended };
};

/** Kills the process with SIGKILL as soon as its stderr shows `line`; fails if it ends or stalls first. */
export const killOn = async (run: CliChild, line: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
  const deadline = Date.now() + 60_000;
  while (!run.out.stderr.includes(line)) {
    if (run.child.exitCode !== null) throw new Error(`The CLI ended before "${line}":\n${run.out.stderr}`);
    if (Date.now() > deadline) throw new Error(`The CLI never printed "${line}":\n${run.out.stderr}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  run.child.kill('SIGKILL');
  return run.ended;
};
