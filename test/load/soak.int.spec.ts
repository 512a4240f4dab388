import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { ApiProcess } from '../support/api-process';
import { LoadClient } from '../support/load/http-client';
import { auditAgainstLog, readWholeLog } from '../support/load/log-audit';
import { readModelsCaughtUp } from '../support/load/read-model-check';
import {
  Leak,
  MemoryLimits,
  MemoryReport,
  SOAK_NODE_ARGS,
  SoakPhases,
  SoakPlan,
  leakArgs,
  memoryFindings,
  watchMemory,
} from '../support/load/soak-memory';
import { latencySummary, publishReport } from '../support/load/soak-report';
import { SteadyLoadRun, runSteadyLoad } from '../support/load/steady-load';
import { TEST_SECRET } from '../support/test-app';

// Run by `npm run test:soak` only (jest.config.js leaves it out of `npm test`): by default 180 s without the twin, for
// native memory that only a long run tells apart; SOAK_SECONDS=20 SOAK_LEAK_TWIN=1 judges 20 s beside a twin that leaks.
const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const LEAK_TWIN = process.env.SOAK_LEAK_TWIN !== '0';
const CLIENTS = 16;
const PLAN: SoakPlan = { warmUpCommands: 2_000, warmUpSeconds: Math.max(5, SECONDS / 5), warmUpCapSeconds: 90, measureSeconds: SECONDS };
// What a leak must beat, each measured after the warm-up, on 2 shared cores:
// - The live heap of each isolate (V8's heap right after the full GC gc-pulse.js asks for twice a second),
//   least-squares slope: the main thread +0.4 to +0.5 MB/min in the 20 s after 2,000 commands (V8 still compiles a
//   little) and +0.06 over 180 s; the projection thread 0.0 to +0.3 (the trace counts tenths of MB: 0.1 MB in 20 s
//   is 0.3 MB/min). Judged per isolate: the main thread's ~33 MB and the projection thread's ~4 MB in one series
//   fitted +2.97 MB/min once when the main isolate alone was at -0.20.
// - Memory outside the V8 heaps (RSS less their committed size), high-water mark of the last third against the
//   first: the allocator's arenas fill for three to four minutes (+35 to +68 MB between the thirds of a 180 s run)
//   and then stay level. Only a gross native leak (tens of MB a minute) beats this bound, and in the short run
//   only one of hundreds of MB a minute; SOAK_SECONDS=600 tells a slower one apart.
// - RSS itself is reported, not bounded: its peaks follow V8's heap-sizing heuristics.
const LIMITS: MemoryLimits = { heapSlopeMbPerMinute: 1.5, outsideHeapGrowthMb: 128 };
// Twice the limit, in both threads at once: a leak as slow as the soak means to catch (a third of a KB per command
// at the ~150 commands/s of a busy machine), so that its being found shows the short run is long enough.
const LEAK: Leak = { threads: ['main', 'worker'], mbPerMinute: 2 * LIMITS.heapSlopeMbPerMinute };

jest.setTimeout((PLAN.warmUpCapSeconds + SECONDS + 120) * 1000);

interface Soaked {
  api: ApiProcess;
  dataDir: string;
  run: SteadyLoadRun;
  memory: MemoryReport;
}

const soak = async (env: Record<string, string>, nodeArgs: string[]): Promise<Soaked> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'load-soak-'));
  const api = await ApiProcess.start(
    { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false', ...env },
    'api',
    60_000,
    nodeArgs,
  );
  const phases = new SoakPhases(api.pid, PLAN);
  const [run, memory] = await watchMemory(api, phases, () =>
    runSteadyLoad({ url: api.url, clients: CLIENTS, seconds: 0, commandsPerTrial: 12, done: phases.done }),
  );
  return { api, dataDir, run, memory };
};

const summarize = ({ run, memory }: Soaked) => ({
  seconds: Math.round(run.seconds),
  clients: CLIENTS,
  commands: run.log.commands.length,
  reads: run.log.reads.length,
  errors: run.errors.length,
  commandsPerSecond: Math.round(run.log.commands.length / run.seconds),
  requestsPerSecond: Math.round((run.log.commands.length + run.log.reads.length) / run.seconds),
  commandLatency: latencySummary(run.log.commandMs),
  readLatency: latencySummary(run.log.readMs),
  memory,
});

describe(`soak: ${SECONDS} s of steady load after the warm-up, on the compiled API, embedded SQLite (needs npm run build)`, () => {
  let clean: Soaked;
  let twin: Soaked | null = null;

  beforeAll(async () => {
    // Side by side, so that the twin's leak is looked for under the very load and machine the clean run had.
    const leaking = leakArgs(LEAK);
    [clean, twin] = await Promise.all([soak({}, SOAK_NODE_ARGS), LEAK_TWIN ? soak(leaking.env, leaking.nodeArgs) : Promise.resolve(null)]);
    const leakingTwin = twin && { leak: LEAK, ...summarize(twin), findings: memoryFindings(twin.memory, LIMITS) };
    publishReport({ ...summarize(clean), leakingTwin });
  });

  afterAll(async () => {
    for (const soaked of [clean, twin]) {
      await soaked?.api.stop('SIGKILL');
      if (soaked) rmSync(soaked.dataDir, { recursive: true, force: true });
    }
  });

  it('answers every request, keeps every acknowledged command, and does not grow in memory', async () => {
    const { api, dataDir, run, memory } = clean;
    expect(run.errors.slice(0, 20)).toEqual([]);
    expect(memoryFindings(memory, LIMITS)).toEqual([]);

    await readModelsCaughtUp(new LoadClient(api.url));
    expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
    const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    try {
      expect(auditAgainstLog(run.log.commands, await readWholeLog(store))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  // The same judgement on the twin, which leaks in test code (test/support/load/leak.js) and nowhere else.
  // `npm run test:soak` turns the twin off (SOAK_LEAK_TWIN=0): the long run judges the clean API alone, and the title
  // of the skipped case says so in the report.
  (LEAK_TWIN ? it : it.skip)(
    `finds a leak of ${LEAK.mbPerMinute} MB/min in the twin, in its main thread and in its projection thread` +
      (LEAK_TWIN ? '' : ' (not run: SOAK_LEAK_TWIN=0, the long soak runs without its leaking twin)'),
    () => {
      if (twin === null) throw new Error('No leaking twin ran');
      expect(memoryFindings(twin.memory, LIMITS)).toEqual([
        expect.stringMatching(/^main isolate \S+: live heap grows/),
        expect.stringMatching(/^worker isolate \S+: live heap grows/),
      ]);
    },
  );
});
