import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent } from '@trial-ledger/event-store';
import { timed } from './timing';

/**
 * One event store as the store benchmarks see it: every side (our adapters, raw drivers, Emmett) is wrapped
 * to this shape, so they all run the very same workload with the very same payloads.
 */
export interface StoreSide {
  label: string;
  /** `expected` is the stream's revision before the append (0: the stream must not exist). */
  append(streamId: string, events: NewEvent[], expected: number): Promise<void>;
  /** Reads the whole stream, decoded to objects; resolves with how many events it held. */
  read(streamId: string): Promise<number>;
  close(): Promise<void>;
}

/** One of our stores as a side: exactly what a command's append and a replay's read call. */
export const storeSide = (store: EventStore, label: string): StoreSide => ({
  label,
  append: async (streamId, events, expected) => {
    await store.appendToStream(streamId, events, expected === 0 ? 'no_stream' : expected);
  },
  read: async (streamId) => (await store.readStream(streamId)).length,
  close: () => store.close(),
});

export interface AppendShape {
  /** Appenders running at once, each on a stream of its own. */
  writers: number;
  appendsPerWriter: number;
  eventsPerAppend: number;
}

const HEX64 = 'a3'.repeat(32);

/**
 * Shaped like a trial event as the command executor stores it, integrity block included (~700 bytes of JSON),
 * so that encoding and row size cost what they cost in the product.
 */
export const sampleEvent = (nctId: string, count: number): NewEvent => {
  const eventId = randomUUID();
  return {
    eventId,
    type: 'EnrollmentUpdated',
    schemaVersion: 1,
    data: { nctId, count, type: 'ESTIMATED' },
    metadata: {
      eventId,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: 'bench-operator',
      role: 'operator',
      recordedAt: new Date().toISOString(),
      reason: 'Enrollment re-estimated after the interim analysis',
      integrity: { algorithm: 'sha256', previousHash: HEX64, hash: HEX64 },
    },
  };
};

const batchOf = (streamId: string, from: number, size: number): NewEvent[] =>
  Array.from({ length: size }, (_, i) => sampleEvent(streamId, from + i));

let roundCounter = 0;

/** A name no earlier round used, so every round appends to fresh streams on every side. */
export const freshPrefix = (label: string): string => {
  roundCounter += 1;
  return `${label}-${process.pid}-${roundCounter}`;
};

/** The events are built before the clock starts: building them is the caller's work, not the store's. */
const prepared = (prefix: string, shape: AppendShape): NewEvent[][][] =>
  Array.from({ length: shape.writers }, (_, w) =>
    Array.from({ length: shape.appendsPerWriter }, (_, a) => batchOf(`${prefix}-${w}`, a * shape.eventsPerAppend, shape.eventsPerAppend)),
  );

/** Runs the appenders concurrently, each awaiting its previous append; resolves with the elapsed ms. */
export const appendRound = async (side: StoreSide, shape: AppendShape): Promise<number> => {
  const prefix = freshPrefix(side.label);
  const work = prepared(prefix, shape);
  return timed(() =>
    Promise.all(
      work.map(async (appends, w) => {
        let revision = 0;
        for (const events of appends) {
          await side.append(`${prefix}-${w}`, events, revision);
          revision += events.length;
        }
      }),
    ),
  );
};

/** Streams of `length` events each, written once (not timed) for the read rounds. */
export const seedStreams = async (side: StoreSide, streams: number, length: number): Promise<string[]> => {
  const prefix = freshPrefix(`${side.label}-read`);
  const ids = Array.from({ length: streams }, (_, s) => `${prefix}-${s}`);
  for (const id of ids) {
    for (let revision = 0; revision < length; revision += 10) {
      await side.append(id, batchOf(id, revision, Math.min(10, length - revision)), revision);
    }
  }
  return ids;
};

/** Reads every stream in turn, `readers` at a time; checks each came back whole; resolves with the elapsed ms. */
export const readRound = async (side: StoreSide, ids: string[], length: number, readers = 1): Promise<number> =>
  timed(() =>
    Promise.all(
      Array.from({ length: readers }, async (_, r) => {
        for (let i = r; i < ids.length; i += readers) {
          const got = await side.read(ids[i]);
          if (got !== length) throw new Error(`${side.label} read ${got} events of ${ids[i]}, expected ${length}`);
        }
      }),
    ),
  );

export const eventsOf = (shape: AppendShape): number => shape.writers * shape.appendsPerWriter * shape.eventsPerAppend;
