import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_NOT_FOUND, findPostgresBinDir } from './postgres/binaries';
import { TestDatabase, createDatabase, withClient } from './postgres/databases';
import { ThrowawayPostgres } from './postgres/throwaway-server';

export type { TestDatabase } from './postgres/databases';

let adminUrl: Promise<string> | null = null;

// Jest gives each test file a fresh module registry, so `adminUrl` lasts one file; the server lasts the whole
// worker process. Its directory is named after the process and records the URL for the worker's later files.
const serverDir = (): string => join(tmpdir(), `trial-ledger-pg-${process.pid}`);

const alreadyRunning = async (dir: string): Promise<string | null> => {
  const file = join(dir, 'url');
  if (!existsSync(file)) return null;
  const url = readFileSync(file, 'utf8');
  return withClient(url, async () => url).catch(() => null);
};

const startServer = async (): Promise<string> => {
  const dir = serverDir();
  const running = await alreadyRunning(dir);
  if (running) return running;
  rmSync(dir, { recursive: true, force: true });
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error(POSTGRES_NOT_FOUND);
  const server = new ThrowawayPostgres(binDir, dir);
  try {
    await server.start();
  } catch (error) {
    const log = server.logTail();
    server.stop();
    throw new Error(
      `Could not start a throwaway PostgreSQL server with ${binDir}: ${(error as Error).message}\n` +
        `(Set DATABASE_URL=postgres://… to use a running server instead.)\nServer log (tail):\n${log}`,
    );
  }
  writeFileSync(join(dir, 'url'), server.url);
  return server.url;
};

/**
 * A fresh, empty database for one test (or one test file): on the server DATABASE_URL names, or else on a
 * throwaway server this jest worker starts on first use and keeps for its later tests. Rejects, never skips,
 * when there is no PostgreSQL to be had.
 */
export const postgresForTests = async (): Promise<TestDatabase> => {
  const external = process.env.DATABASE_URL?.trim();
  adminUrl ??= external ? Promise.resolve(external) : startServer();
  return createDatabase(await adminUrl);
};
