import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const PEERS = join(__dirname, '..', 'peers');

export type PeerFolder = 'emmett-sqlite' | 'emmett-postgresql' | 'nest-fastify';

/**
 * The peers (other event stores, Nest's Fastify adapter) live in folders of their own (bench/peers/*),
 * installed from their lock files on first use, so the product's dependencies never carry them. Returns the
 * folder, for a child process that resolves the peer itself; call it before starting such children, so that
 * they never race to install it.
 */
export const installPeer = (folder: PeerFolder): string => {
  const dir = join(PEERS, folder);
  if (!existsSync(join(dir, 'node_modules'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  }
  return dir;
};

export const requirePeer = <T>(folder: PeerFolder, module: string): T => {
  const dir = installPeer(folder);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(module, { paths: [dir] })) as T;
};
