import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const PEERS = join(__dirname, '..', 'peers');

/**
 * The peer event stores live in folders of their own (bench/peers/*), installed from their lock files on first
 * use, so the product's dependencies never carry them.
 */
export const requirePeer = <T>(folder: 'emmett-sqlite' | 'emmett-postgresql', module: string): T => {
  const dir = join(PEERS, folder);
  if (!existsSync(join(dir, 'node_modules'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(module, { paths: [dir] })) as T;
};
