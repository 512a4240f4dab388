import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess } from '../../test/support/api-process';
import { loadRound, registerTrials } from '../support/http-load';
import { readProfile, topShares } from '../support/v8-profiles';

/**
 * `npm run build && node -r ./bench/support/register.js bench/tools/profile-http.ts [clients] [seconds]`: the
 * compiled API under the http suite's enrollment commands, with `node --cpu-prof`; prints, for each of its
 * threads, the share of sampled time of the functions that took the most. Not a benchmark (no baseline): it
 * shows where the time of a figure in docs/benchmarks.md goes.
 */
const SECRET = 'bench-secret-long-enough-for-hs256-0123456789abcdef';

const main = async (): Promise<void> => {
  const [clients, seconds] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 15)];
  const [dataDir, profiles] = [mkdtempSync(join(tmpdir(), 'profile-http-')), mkdtempSync(join(tmpdir(), 'profile-http-out-'))];
  const env = { DATA_DIR: dataDir, JWT_SECRET: SECRET, SEED_ON_EMPTY_STORE: 'false' };
  const api = await ApiProcess.start(env, 'api', 60_000, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
  try {
    const token = signToken(SECRET, 'bench', 'operator');
    await registerTrials(api.url, token, 200);
    await loadRound(api.url, token, '', 200, clients, 3);
    const round = await loadRound(api.url, token, '', 200, clients, seconds);
    console.log(`${clients} client(s), ${seconds} s: ${round.perSecond.toFixed(0)} commands/s, ${round.failed} not 2xx`);
  } finally {
    await api.stop('SIGTERM');
  }
  // One file per thread, named CPU.<date>.<time>.<pid>.<thread>.<seq>: thread 0 is the main thread.
  for (const file of readdirSync(profiles).sort()) {
    console.log(`\n${file}\n${topShares(readProfile(join(profiles, file)), 25).join('\n')}`);
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profiles, { recursive: true, force: true });
};

void main();
