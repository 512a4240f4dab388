import { EventStore, RecordedEvent, SqliteEventStore } from '@trial-ledger/event-store';
import { newEvent } from '../../../event-store/src/testing/event-store.contract';
import { ProjectionHandler, ProjectionRebuilder } from '../ports/read-model.port';
import { rebuildReadModels } from './rebuild-read-models';

/** A projection whose rebuilder records what happens to it in a log shared by all of them. */
class Recording extends ProjectionHandler {
  readonly applied: number[] = [];

  constructor(
    readonly name: string,
    private readonly log: string[],
    private readonly applying: (events: RecordedEvent[]) => Promise<void> = async () => undefined,
  ) {
    super();
  }

  async checkpoint(): Promise<number> {
    return this.applied.at(-1) ?? 0;
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    this.applied.push(...events.map((e) => e.position));
  }

  async reset(): Promise<void> {
    this.applied.length = 0;
  }

  override rebuilder(): ProjectionRebuilder {
    return {
      apply: async (events) => {
        this.log.push(`${this.name} applies ${events[0].position}`);
        await this.applying(events);
        await this.handle(events);
        this.log.push(`${this.name} applied ${events[0].position}`);
      },
      finish: async () => void this.log.push(`${this.name} finished`),
      abandon: () => void this.log.push(`${this.name} abandoned`),
    };
  }
}

const storeWith = async (events: number): Promise<SqliteEventStore> => {
  const store = SqliteEventStore.open(':memory:');
  for (let i = 0; i < events; i++) await store.appendToStream(`trial-NCT0000000${i}`, [newEvent()], 'no_stream');
  return store;
};

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('rebuildReadModels', () => {
  let store: SqliteEventStore;
  afterEach(() => store.close());

  it('passes over the skipped positions as the live projections do: handed on as events of no trial, the checkpoint past them', async () => {
    store = await storeWith(4);
    const seen: RecordedEvent[] = [];
    const view = new Recording('view', [], async (events) => void seen.push(...events));
    expect(await rebuildReadModels(store, [view], () => undefined, { batchSize: 3, skipped: new Set([2, 4]) })).toBe(4);
    expect(seen.map((e) => [e.position, e.streamId])).toEqual([
      [1, 'trial-NCT00000000'],
      [2, '$skipped'],
      [3, 'trial-NCT00000002'],
      [4, '$skipped'],
    ]);
    expect(await view.checkpoint()).toBe(4);
  });

  it('replays every event once, in order, to every projection, and finishes each', async () => {
    store = await storeWith(5);
    const log: string[] = [];
    const [view, history] = [new Recording('view', log), new Recording('history', log)];
    expect(await rebuildReadModels(store, [view, history], () => undefined, { batchSize: 2 })).toBe(5);
    expect(view.applied).toEqual([1, 2, 3, 4, 5]);
    expect(history.applied).toEqual([1, 2, 3, 4, 5]);
    expect(log.slice(-2)).toEqual(['view finished', 'history finished']);
  });

  it('hands a batch to all projections at once: one may wait on I/O while another applies', async () => {
    store = await storeWith(2);
    const log: string[] = [];
    // The view waits until the history has started the same batch; applied one after the other, it never would.
    const historyStarted = (position: number) => log.includes(`history applies ${position}`);
    const view = new Recording('view', log, async (events) => {
      for (let waited = 0; !historyStarted(events[0].position); waited++) {
        if (waited > 50) throw new Error('the history projection did not start while the view applied');
        await tick();
      }
    });
    await rebuildReadModels(store, [view, new Recording('history', log)], () => undefined, { batchSize: 1 });
    expect(view.applied).toEqual([1, 2]);
  });

  it('reads the next batch while the projections apply the current one', async () => {
    store = await storeWith(3);
    const reads: number[] = [];
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: (options: { after: number; maxCount: number }) => {
        reads.push(options.after);
        return store.readAll(options);
      },
    });
    const readsSeen: number[][] = [];
    const view = new Recording('view', [], async () => void readsSeen.push([...reads]));
    await rebuildReadModels(counting, [view], () => undefined, { batchSize: 1 });
    expect(readsSeen).toEqual([
      [0, 1],
      [0, 1, 2],
      [0, 1, 2, 3],
    ]);
  });

  it('when one projection fails, waits for the others to settle their batch before abandoning them all', async () => {
    store = await storeWith(1);
    const log: string[] = [];
    const failing = new Recording('view', log, async () => {
      throw new Error('read-model write failed');
    });
    const slow = new Recording('history', log, tick);
    await expect(rebuildReadModels(store, [failing, slow])).rejects.toThrow('read-model write failed');
    expect(log).toEqual(['view applies 1', 'history applies 1', 'history applied 1', 'view abandoned', 'history abandoned']);
  });

  it('given a log that grows by more than a batch while each batch applies, when a pass replays it, then it ends at the head it began with', async () => {
    const store = await storeWith(8);
    let appended = 100;
    // Every batch applied appends five events: a pass that chased the head would never end.
    const growing = new Recording('growing', [], async () => {
      for (let i = 0; i < 5; i++) await store.appendToStream(`trial-NCT0${appended++}`, [newEvent()], 'no_stream');
    });
    try {
      const replayed = await rebuildReadModels(store, [growing], () => undefined, { batchSize: 2 });
      expect(replayed).toBe(8);
      expect(growing.applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await store.headPosition()).toBe(28);
    } finally {
      await store.close();
    }
  });
});
