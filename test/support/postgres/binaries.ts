import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

export const POSTGRES_NOT_FOUND =
  'PostgreSQL binaries not found: apt-get install postgresql (infra/ci/install-test-tools.sh installs it), ' +
  'or set DATABASE_URL=postgres://… to use a running server';

/** Debian keeps each major version apart (`/usr/lib/postgresql/15/bin`); the highest one wins. */
const debianBinDir = (): string | null => {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name) && existsSync(join(DEBIAN_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(DEBIAN_ROOT, versions[0], 'bin') : null;
};

/** Elsewhere (Homebrew, Fedora) initdb and pg_ctl are usually on PATH. */
const pathBinDir = (): string | null => {
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const initdb = found.status === 0 ? found.stdout.trim() : '';
  return initdb && existsSync(join(initdb, '..', 'pg_ctl')) ? join(initdb, '..') : null;
};

/** The directory holding initdb, pg_ctl and postgres, or null when PostgreSQL is not installed. */
export const findPostgresBinDir = (): string | null => debianBinDir() ?? pathBinDir();
