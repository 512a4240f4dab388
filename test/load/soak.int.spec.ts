import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@trial-ledger/event-store';
import { ApiProcess } from '../support/api-process';
import { LoadClient } from '../support/load/http-client';
import { auditAgainstLog, readWholeLog } from '../support/load/log-audit';
import { readModelsCaughtUp } from '../support/load/read-model-check';
import { MemoryReport, TRACE_GC, watchMemory } from '../support/load/soak-memory';
import { latencySummary, publishReport } from '../support/load/soak-report';
import { SteadyLoadRun, runSteadyLoad } from '../support/load/steady-load';
import { TEST_SECRET } from '../support/test-app';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CLIENTS = 16;
const WARM_UP_SECONDS = Math.max(20, SECONDS * 0.2);
// What a leak must beat, each measured after the warm-up. Figures from runs on 2 shared cores:
// - The live heap (V8's heap right after each full GC), least-squares slope: -0.6 to -0.2 MB/min without a
//   leak; a leak of 1 KB per command at 100 commands/s climbs 6 MB/min. The finest check: JS leaks.
// - Memory outside the V8 heap (RSS less V8's committed heap), high-water mark of the last third against the
//   first: the allocator's arenas fill for three to four minutes (+35 to +68 MB between the thirds of a 180 s
//   run) and then stay level (~127 MB; flat from 210 s to 600 s in a 600 s run). Within the default run only a
//   gross native leak (tens of MB a minute) beats this bound; SOAK_SECONDS=600 tells a slower one apart.
// - RSS itself is reported, not bounded: its peaks follow V8's heap-sizing heuristics, which moved the
//   high-water mark between -62 and +57 MB from run to run with a flat live heap.
const HEAP_SLOPE_MB_PER_MINUTE = 1.5;
const OUTSIDE_HEAP_TOLERANCE_MB = 128;
// Full collections come every ten seconds or so under this load: a shorter run may not see enough of them.
const HEAP_CHECK_REQUIRED = SECONDS >= 120;

jest.setTimeout((SECONDS + 120) * 1000);

const summarize = (run: SteadyLoadRun, memory: MemoryReport) => ({
  seconds: Math.round(run.seconds), clients: CLIENTS,
  commands: run.log.commands.length, reads: run.log.reads.length, errors: run.errors.length,
  commandsPerSecond: Math.round(run.log.commands.length / run.seconds),
  requestsPerSecond: Math.round((run.log.commands.length + run.log.reads.length) / run.seconds),
  commandLatency: latencySummary(run.log.commandMs), readLatency: latencySummary(run.log.readMs),
  memory,
});

const expectNoGrowth = (memory: MemoryReport): void => {
  // A short development run may not see enough full collections for a heap figure; the default run must.
  if (HEAP_CHECK_REQUIRED) expect(memory.heapAfterFullGc).not.toBeNull();
  if (memory.heapAfterFullGc) expect(memory.heapAfterFullGc.slopeMbPerMinute).toBeLessThanOrEqual(HEAP_SLOPE_MB_PER_MINUTE);
  expect(memory.outsideHeap.growthMb).toBeLessThanOrEqual(OUTSIDE_HEAP_TOLERANCE_MB);
};

describe(`soak: ${SECONDS} s of steady load on the compiled API, embedded SQLite (needs npm run build)`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'load-soak-'));
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request, keeps every acknowledged command, and does not grow in memory', async () => {
    const running = await ApiProcess.start({ DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, SEED_ON_EMPTY_STORE: 'false' }, 'api', 60_000, TRACE_GC);
    api = running;
    const [run, memory] = await watchMemory(running, WARM_UP_SECONDS,
      () => runSteadyLoad({ url: running.url, clients: CLIENTS, seconds: SECONDS, commandsPerTrial: 12 }));
    publishReport(summarize(run, memory));
    expect(run.errors.slice(0, 20)).toEqual([]);
    expectNoGrowth(memory);

    await readModelsCaughtUp(new LoadClient(running.url));
    expect(await running.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
    const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    try {
      expect(auditAgainstLog(run.log.commands, await readWholeLog(store))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
