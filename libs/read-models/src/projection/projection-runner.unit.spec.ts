import { Logger } from '@nestjs/common';
import { RecordedEvent, SqliteEventStore } from '@trial-ledger/event-store';
import { applying } from '@trial-ledger/ledger';
import { SkippedEvents } from '../ports/skipped-events.port';
import { newEvent } from '../../../event-store/src/testing/event-store.contract';
import { ProjectionHandler } from '../ports/read-model.port';
import { InProcessProjectionRunner } from './projection-runner';

/** A read model whose database goes away for a while: a batch fails, then reading the checkpoint fails twice. */
class FlakyProjection extends ProjectionHandler {
  readonly name = 'flaky';
  applied: number[] = [];
  private checkpoints = 0;
  private batches = 0;

  async checkpoint(): Promise<number> {
    this.checkpoints += 1;
    if (this.checkpoints === 2 || this.checkpoints === 3) throw new Error('read-model database unavailable');
    return this.applied.at(-1) ?? 0;
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    this.batches += 1;
    if (this.batches === 1) throw new Error('connection lost mid-batch');
    this.applied.push(...events.map((e) => e.position));
  }

  async reset(): Promise<void> {
    this.applied = [];
  }
}

describe('ProjectionRunner when the read-model database is away', () => {
  it('keeps retrying from its checkpoint, even when the checkpoint cannot be read, and applies every event once', async () => {
    const store = SqliteEventStore.open(':memory:');
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    await store.appendToStream('trial-NCT00000001', [newEvent(), newEvent(), newEvent()], 'no_stream');
    const projection = new FlakyProjection();
    const runner = new InProcessProjectionRunner(store, [projection], { retry: { initialMs: 5, maxMs: 5 } });
    try {
      await runner.start();
      const deadline = Date.now() + 4_000;
      while (projection.applied.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(projection.applied).toEqual([1, 2, 3]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
      await runner.stop();
      await store.close();
    }
  });
});

/** Applies only events of type 'Happened'; any other type is a poison event, as an unknown type is to the fold. */
class StrictProjection extends ProjectionHandler {
  readonly name = 'strict';
  applied: number[] = [];
  private at = 0;

  async checkpoint(): Promise<number> {
    return this.at;
  }

  /** Events of other streams (a skipped event's placeholder among them) only move the checkpoint. */
  async handle(events: RecordedEvent[]): Promise<void> {
    const applied = events.flatMap((event) =>
      applying(event, () => {
        if (!event.streamId.startsWith('trial-')) return [];
        if (event.type !== 'Happened') throw new Error(`Unknown event type ${event.type}`);
        return [event.position];
      }),
    );
    this.applied.push(...applied);
    this.at = events.at(-1)?.position ?? this.at;
  }

  async reset(): Promise<void> {
    this.applied = [];
  }
}

class SkipList extends SkippedEvents {
  readonly skipped = new Set<number>();

  async positions(): Promise<ReadonlySet<number>> {
    return new Set(this.skipped);
  }
}

const waitUntil = async (condition: () => boolean, what: string, ms = 4_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A read model whose connection drops after its first batch committed: the restart finds nothing left to apply. */
class DroppedAfterCommitProjection extends ProjectionHandler {
  readonly name = 'dropped';
  private at = 0;
  private batches = 0;

  async checkpoint(): Promise<number> {
    return this.at;
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    this.batches += 1;
    this.at = events.at(-1)?.position ?? this.at;
    if (this.batches === 1) throw new Error('connection lost after commit');
  }

  async reset(): Promise<void> {
    this.at = 0;
  }
}

describe('ProjectionRunner when the read-model database comes back to an idle log', () => {
  it('given a fault that named no event, when the feed runs again with nothing to apply, then no fault is left', async () => {
    const store = SqliteEventStore.open(':memory:');
    await store.appendToStream('trial-NCT00000001', [newEvent()], 'no_stream');
    const runner = new InProcessProjectionRunner(store, [new DroppedAfterCommitProjection()], { retry: { initialMs: 5, maxMs: 5 } });
    try {
      await runner.start();
      await waitUntil(() => runner.faults().length > 0, 'the dropped connection reported');
      await waitUntil(() => runner.faults().length === 0, 'the fault cleared on an idle log');
    } finally {
      await runner.stop();
      await store.close();
    }
  });
});

describe('ProjectionRunner on an event it cannot apply', () => {
  it('backs off, reports the event until it is skipped on the record, then applies the rest', async () => {
    const store = SqliteEventStore.open(':memory:');
    await store.appendToStream('trial-NCT00000001', [newEvent(), newEvent('TrialTeleported'), newEvent()], 'no_stream');
    const errors: string[] = [];
    const logs: string[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void logs.push(String(m)));
    const projection = new StrictProjection();
    const skips = new SkipList();
    const runner = new InProcessProjectionRunner(store, [projection], { retry: { initialMs: 20, maxMs: 80 }, skipped: skips });
    try {
      await runner.start();
      await waitUntil(() => (runner.faults()[0]?.attempts ?? 0) >= 4, 'four failed attempts');
      const [fault] = runner.faults();
      expect(fault).toMatchObject({
        projection: 'strict',
        event: { position: 2, type: 'TrialTeleported', streamId: 'trial-NCT00000001' },
        error: 'Unknown event type TrialTeleported',
      });
      // One line per attempt, each naming the event, the waits doubling up to the maximum.
      expect(errors.slice(0, 4).map((line) => line.match(/attempt (\d+), restarting from its checkpoint in (\d+) ms/)?.slice(1))).toEqual([
        ['1', '20'],
        ['2', '40'],
        ['3', '80'],
        ['4', '80'],
      ]);
      expect(errors[0]).toContain('Projection strict stopped at position 2 (TrialTeleported, stream trial-NCT00000001)');
      // A batch is applied whole or not at all: the event before the poison one waits with it.
      expect(projection.applied).toEqual([]);

      skips.skipped.add(2);
      await waitUntil(() => projection.applied.length === 2, 'the event after the skipped one');
      expect(projection.applied).toEqual([1, 3]);
      expect(runner.faults()).toEqual([]);
      expect(logs.some((line) => /Projection strict applies events again after \d+ failed attempt/.test(line))).toBe(true);
    } finally {
      jest.restoreAllMocks();
      await runner.stop();
      await store.close();
    }
  });
});
