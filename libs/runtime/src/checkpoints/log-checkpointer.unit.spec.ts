import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, LogCheckpoints, LogSnapshot, NewCheckpoint, StoredCheckpoint, StreamHead } from '@trial-ledger/event-store';
import { SystemClock } from '@trial-ledger/ledger';
import { Leadership } from '../leadership/leadership';
import { LogCheckpointer } from './log-checkpointer';

/** The checkpoints of a log whose head the test moves. */
class MemoryCheckpoints extends LogCheckpoints {
  readonly stored: StoredCheckpoint[] = [];
  head = 3;
  heads: StreamHead[] = [{ streamId: 'trial-NCT05000001', revision: 3, hash: 'a'.repeat(64) }];
  async snapshot(): Promise<LogSnapshot> {
    return { position: this.head, heads: this.heads };
  }
  async headsAt(): Promise<StreamHead[]> {
    return this.heads;
  }
  async append(c: NewCheckpoint): Promise<StoredCheckpoint> {
    this.stored.push({ id: this.stored.length + 1, ...c });
    return this.stored.at(-1)!;
  }
  async latest(): Promise<StoredCheckpoint | null> {
    return this.stored.at(-1) ?? null;
  }
  async close(): Promise<void> {}
}

describe('LogCheckpointer on its interval', () => {
  let dataDir: string;
  let checkpoints: MemoryCheckpoints;
  let leader: boolean;
  let checkpointer: LogCheckpointer;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    dataDir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    checkpoints = new MemoryCheckpoints();
    leader = true;
    const store = { headPosition: async () => checkpoints.head } as unknown as EventStore;
    const leadership = { isLeader: () => leader } as unknown as Leadership;
    const settings = { config: { intervalSeconds: 60 }, dataDir };
    checkpointer = new LogCheckpointer(checkpoints, store, settings, new SystemClock(), { enabled: true }, leadership);
    checkpointer.onApplicationBootstrap();
  });
  afterEach(async () => {
    await checkpointer.onApplicationShutdown();
    jest.useRealTimers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One interval, and the signing it started carried to its end. */
  const tick = async () => {
    jest.advanceTimersByTime(60_000);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };

  it('given the leader, when the interval passes, then it signs the head, and again only once the log moved', async () => {
    await tick();
    expect(checkpoints.stored.map((c) => c.position)).toEqual([3]);
    await tick();
    expect(checkpoints.stored).toHaveLength(1);
    checkpoints.head = 5;
    await tick();
    expect(checkpoints.stored.map((c) => c.position)).toEqual([3, 5]);
    expect(await checkpointer.verifyLatest()).toMatchObject({ ok: true, checkpointId: 2, position: 5 });
  });

  it('given a standby, when the interval passes, then it signs nothing', async () => {
    leader = false;
    await tick();
    await tick();
    expect(checkpoints.stored).toEqual([]);
  });
});
