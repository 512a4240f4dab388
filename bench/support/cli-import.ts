import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const CLI = resolve(__dirname, '../../dist/apps/cli/src/main.js');
const PEAK_RSS = resolve(__dirname, 'peak-rss.js');

export interface CliImport {
  ms: number;
  /** getrusage's maxrss of the CLI process, in bytes. */
  peakRss: number;
  recorded: number;
  newTrials: number;
  issues: number;
  summary: string;
}

const SUMMARY = /(\d+) versions read, (\d+) recorded \((\d+) new trials\), (\d+) lines reported/;

/**
 * `npm run cli -- import <zip>` as an operator runs it (the compiled CLI, `env` choosing its stores), timed from spawn
 * to exit, Nest's start-up and shutdown included. Fails on a non-zero exit or a summary it cannot read.
 */
export const importWithCli = (zip: string, env: Record<string, string>, rssFile: string): Promise<CliImport> =>
  new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', PEAK_RSS, CLI, 'import', zip], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', BENCH_PEAK_RSS_FILE: rssFile, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    child.once('error', fail);
    child.once('close', (code) => {
      process.off('exit', kill);
      const ms = performance.now() - started;
      const match = SUMMARY.exec(stdout);
      if (code !== 0 || !match) return fail(new Error(`cli import exited ${code}: ${stdout.slice(-1000)}\n${stderr.slice(-2000)}`));
      const [recorded, newTrials, issues] = [match[2], match[3], match[4]].map(Number);
      done({ ms, peakRss: Number(readFileSync(rssFile, 'utf8')), recorded, newTrials, issues, summary: stdout.trim() });
    });
  });
