import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RegistryApiServer, changedStudies } from '../../test/support/registry-api-server';
import { realRecords } from '../../test/support/registry-corpus';
import { BenchContext, BenchSuite, Figure } from '../support/figures';
import { perSecond } from '../support/timing';

/**
 * `cli sync` of N changed studies from a local stand-in for ClinicalTrials.gov API v2 (test/support/registry-api-
 * server.ts, in this process), pages of 1,000 as the registry's largest. Every study is one of the six real
 * records in shared/ctgov under a new NCT ID (NCT9…), 100 a day from 2024-01-01: the sizes and shapes are real and
 * the variety is not. The compiled CLI runs as an operator runs it (SQLite, synchronous=FULL) into a fresh
 * DATA_DIR, with the rate limit at its most (100 requests/s) so that it measures the work, not the registry's
 * manners. The floor is the same pages from the same server, fetched one after another and JSON-parsed, nothing
 * recorded.
 */
const CLI = resolve(__dirname, '../../dist/apps/cli/src/main.js');
const PAGE_SIZE = 1000;
const SINCE = '2024-01-01';

const syncWithCli = (baseUrl: string, dataDir: string): Promise<{ ms: number; summary: string }> =>
  new Promise((done, fail) => {
    mkdirSync(dataDir, { recursive: true });
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET: 'registry-sync-bench-secret-0123456789abcdef' };
    const args = [CLI, 'sync', '--since', SINCE, '--base-url', baseUrl, '--page-size', String(PAGE_SIZE), '--rate', '100'];
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return fail(new Error(`cli sync exited ${code}: ${stderr.slice(0, 2000)}`));
      done({ ms, summary: stdout.trim() });
    });
  });

/** What no sync can beat: every page fetched in turn, following nextPageToken, and parsed. */
const fetchAndParseMs = async (baseUrl: string, expected: number): Promise<number> => {
  const started = performance.now();
  let studies = 0;
  let token: string | undefined;
  do {
    const query = new URLSearchParams({
      format: 'json',
      'filter.advanced': `AREA[LastUpdatePostDate]RANGE[${SINCE},MAX]`,
      sort: 'LastUpdatePostDate:asc',
      pageSize: String(PAGE_SIZE),
      ...(token ? { pageToken: token } : {}),
    });
    const page = JSON.parse(await (await fetch(`${baseUrl}/studies?${query.toString()}`)).text()) as {
      studies: unknown[];
      nextPageToken?: string;
    };
    studies += page.studies.length;
    token = page.nextPageToken;
  } while (token !== undefined);
  if (studies !== expected) throw new Error(`fetched ${studies} studies, the server has ${expected}`);
  return performance.now() - started;
};

const registrySync = async (ctx: BenchContext): Promise<Figure[]> => {
  const count = ctx.quick ? 2_000 : 10_000;
  const registry = await RegistryApiServer.start(changedStudies(realRecords(), count, SINCE, 100));
  try {
    const floorMs = await fetchAndParseMs(registry.baseUrl, count);
    const ours = await syncWithCli(registry.baseUrl, join(ctx.workDir, 'data-sync'));
    ctx.log(ours.summary);
    return [
      {
        suite: 'registry-sync',
        name: `cli sync of ${count.toLocaleString('en-US')} changed studies from a local registry, pages of ${PAGE_SIZE} (SQLite)`,
        unit: 'studies/s',
        higherIsBetter: true,
        ours: perSecond(count, ours.ms),
        baseline: { label: 'the same pages fetched and JSON-parsed, nothing recorded', value: perSecond(count, floorMs) },
        target: { minRatio: 0.5 },
        notes: `whole command, Nest start-up and shutdown included: ${(ours.ms / 1000).toFixed(1)} s; floor ${(floorMs / 1000).toFixed(1)} s; one run`,
      },
    ];
  } finally {
    await registry.close();
  }
};

const suite: BenchSuite = {
  name: 'registry-sync',
  order: 46,
  async run(ctx) {
    return registrySync(ctx);
  },
};

export default suite;
