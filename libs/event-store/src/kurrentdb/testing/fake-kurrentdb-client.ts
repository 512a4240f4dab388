import { Readable } from 'node:stream';
import {
  AllStreamResolvedEvent,
  AppendResult,
  BACKWARDS,
  EventData,
  Filter,
  NO_STREAM,
  Position,
  ReadPosition,
  StreamNotFoundError,
  StreamState,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';

/*
 * An in-memory stand-in for the few client calls the adapter makes, following the server behaviour the
 * adapter's design rests on: byte offsets as positions ({p, p} for every event), per-stream deduplication of a
 * retried append, reads of $all that start at their position, subscriptions that start after theirs and report
 * checkpoints at page boundaries ({c, 0}) every `searchWindow` considered events. Its signatures are checked
 * against KurrentClient (`satisfies` where the unit spec hands it to the adapter), as the real client's are; its
 * behaviour is not KurrentDB's. The e2e spec is what checks the adapter against a real server, and it has not
 * had one yet.
 */

/** `end` is where the next record starts, the only other offset a reader may be pointed at. */
interface Entry {
  streamId: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
  revision: bigint;
  offset: bigint;
  end: bigint;
}
type FakeSubscription = Readable & { unsubscribe(): Promise<void> };
type Follower = { sub: FakeSubscription; filter?: Filter; after: Position | null; considered: number };

const position = (offset: bigint): Position => ({ commit: offset, prepare: offset });
const after = (a: Position, b: Position) => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
const matches = (filter: Filter | undefined, streamId: string) =>
  !filter || !('prefixes' in filter) || filter.prefixes.some((p) => streamId.startsWith(p));

export class FakeKurrentDbClient {
  readonly log: Entry[] = [];
  readonly calls: string[] = [];
  private nextOffset = 4096n;
  private failure: Error | null = null;
  private readonly followers = new Set<Follower>();

  constructor(private readonly searchWindow = 4) {}

  /** The next call throws this, as a client call does when the server cannot be reached. */
  failNextCall(error: Error): void {
    this.failure = error;
  }

  async appendToStream(streamName: string, events: EventData[], options: { streamState?: StreamState } = {}): Promise<AppendResult> {
    this.enter('appendToStream');
    const stream = this.log.filter((e) => e.streamId === streamName);
    const current = stream.length - 1;
    const state = options.streamState ?? 'any';
    const start = state === 'any' ? stream.findIndex((e) => e.id === events[0].id) : state === NO_STREAM ? 0 : Number(state) + 1;
    const repeated = start >= 0 && start <= current ? events.filter((e, i) => stream[start + i]?.id === e.id).length : 0;
    if (repeated === events.length) return { success: true, nextExpectedRevision: BigInt(start + events.length - 1), position: undefined };
    if (repeated > 0 || (state !== 'any' && start !== current + 1)) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected: state, current: current < 0 ? NO_STREAM : BigInt(current) });
    }
    const written = events.map((e, i) => this.write(streamName, e, BigInt(current + 1 + i)));
    this.followers.forEach((f) => this.feed(f));
    return { success: true, nextExpectedRevision: BigInt(current + events.length), position: position(written[written.length - 1].offset) };
  }

  readStream(streamName: string, options: { fromRevision?: bigint | string; maxCount?: number | bigint; direction?: string } = {}) {
    this.enter('readStream');
    const stream = this.log.filter((e) => e.streamId === streamName);
    if (stream.length === 0) return rejecting(new StreamNotFoundError(undefined, streamName));
    const backwards = options.direction === BACKWARDS;
    const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : null;
    const picked = (backwards ? [...stream].reverse() : stream).filter(
      (e) => from === null || (backwards ? e.revision <= from : e.revision >= from),
    );
    return yielding(picked.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((e) => this.resolve(e)));
  }

  readAll(options: { fromPosition?: ReadPosition; maxCount?: number | bigint; direction?: string; filter?: Filter } = {}) {
    this.enter('readAll');
    const backwards = options.direction === BACKWARDS;
    const from = typeof options.fromPosition === 'object' ? options.fromPosition : null;
    const picked = (backwards ? [...this.log].reverse() : this.log)
      .filter((e) => matches(options.filter, e.streamId))
      .filter((e) => from === null || (backwards ? !after(position(e.offset), from) : !after(from, position(e.offset))));
    return yielding(picked.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((e) => this.resolve(e)));
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}): FakeSubscription {
    this.enter('subscribeToAll');
    const sub = Object.assign(new Readable({ objectMode: true, read: () => undefined }), {
      unsubscribe: async () => {
        this.followers.delete(follower);
      },
    });
    const from = typeof options.fromPosition === 'object' ? options.fromPosition : null;
    const follower: Follower = { sub, filter: options.filter, after: from, considered: 0 };
    this.followers.add(follower);
    setImmediate(() => this.feed(follower));
    return sub;
  }

  async dispose(): Promise<void> {
    this.followers.forEach((f) => f.sub.push(null));
    this.followers.clear();
  }

  /** Sends a follower what it has not seen; a checkpoint after each search window and on catching up. */
  private feed(follower: Follower): void {
    const pending = this.log.filter((e) => follower.after === null || after(position(e.offset), follower.after));
    for (const entry of pending) {
      if (matches(follower.filter, entry.streamId)) follower.sub.push(this.resolve(entry));
      follower.after = position(entry.offset);
      follower.considered += 1;
      if (follower.considered % this.searchWindow === 0) this.checkpoint(follower, { commit: entry.end, prepare: 0n });
    }
    if (pending.length > 0) this.checkpoint(follower, { commit: this.nextOffset, prepare: 0n });
  }

  private checkpoint(follower: Follower, at: Position): void {
    const reached = follower.filter?.checkpointReached;
    if (reached) void reached(follower.sub as never, at);
  }

  private write(streamId: string, event: EventData, revision: bigint): Entry {
    const data = JSON.stringify(event.data);
    const metadata = event.metadata === undefined ? '' : JSON.stringify(event.metadata);
    const offset = this.nextOffset;
    this.nextOffset += 64n + BigInt(data.length + metadata.length);
    const entry = { streamId, id: event.id, type: event.type, data, metadata, revision, offset, end: this.nextOffset };
    this.log.push(entry);
    return entry;
  }

  private resolve(e: Entry): AllStreamResolvedEvent {
    const event = {
      streamId: e.streamId,
      id: e.id,
      isJson: true as const,
      revision: e.revision,
      type: e.type,
      created: new Date(),
      data: JSON.parse(e.data),
      metadata: e.metadata ? JSON.parse(e.metadata) : undefined,
      position: position(e.offset),
    };
    return { event, commitPosition: e.offset };
  }

  private enter(call: string): void {
    this.calls.push(call);
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure;
  }
}

async function* yielding<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

// eslint-disable-next-line require-yield
async function* rejecting(error: Error): AsyncGenerator<never> {
  throw error;
}
