import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { ApiProcess } from '../support/api-process';
import { LoadClient } from '../support/load/http-client';
import { runAndReport, verifyMixedRun } from '../support/load/mixed-run-check';
import { TEST_SECRET } from '../support/test-app';
import { nctIdFor } from '../support/trial-workload';

jest.setTimeout(180_000);

const HOT_TRIALS = [nctIdFor(1), nctIdFor(2), nctIdFor(3), nctIdFor(4)];
// The claim is 64 clients at once, not commands per client. In 10 rounds each kind of client makes every move it
// has (an own trial gets each command kind, both status targets included; If-Match writers pin three writes to one
// revision in rounds 0 and 5), and the run's 412s and idempotent replays are asserted, so it still races. The 30
// rounds it ran before tripled the commands without a new case.
const ROUNDS = 10;

describe('64 clients against the compiled API on embedded SQLite (needs npm run build)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'load-many-clients-'));
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies or refuses (409/412) every command, loses no update, and serves exactly the fold of the log', async () => {
    const running = await ApiProcess.start({ DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false' });
    api = running;
    const run = await runAndReport('many-clients (SQLite)', {
      urls: [running.url],
      clients: 64,
      rounds: ROUNDS,
      hotTrials: HOT_TRIALS,
      firstOwnTrial: 100,
    });
    await verifyMixedRun(run, new LoadClient(running.url), {
      openStore: async () => {
        // The embedded store belongs to its process: stop it (cleanly) before reading the file.
        expect(await running.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
        return SqliteEventStore.open(join(dataDir, 'events.sqlite'));
      },
    });
  });
});
