import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ImportSource } from '../source';
import { PreparedEntry, prepareEntry } from './prepare-entry';
import { PrepareMessage, PrepareThreadData } from './prepare-thread.protocol';

/** An import source whose entries come parsed and mapped, ready to record. */
export interface PreparedSource extends Pick<ImportSource, 'path' | 'total' | 'fractionRead'> {
  entries(skip: number): AsyncGenerator<PreparedEntry>;
}

/** Entries prepared in the caller's thread, as they are read. */
export const preparedHere = (source: ImportSource): PreparedSource => ({
  path: source.path,
  total: source.total,
  fractionRead: () => source.fractionRead(),
  async *entries(skip) {
    for await (const entry of source.entries(skip)) yield prepareEntry(entry);
  },
});

// The thread runs this file's sibling in the form this file runs in: compiled JavaScript when deployed, TypeScript
// when a process runs the sources with a loader preloaded (`--require`), which Node hands on to its worker threads.
const ENTRY = join(__dirname, `prepare-thread${extname(__filename)}`);
const CHUNK = 32;
const WINDOW = 8;

/**
 * Entries read, parsed and mapped by a thread of their own (`source` is only asked its path and total): on a
 * machine with a core to spare, the next entries are ready while the caller records the last ones, and the entries'
 * text never crosses threads. The thread sends at most a window of chunks ahead, so memory stays bounded.
 */
export const preparedInThread = (source: Pick<ImportSource, 'path' | 'total'>): PreparedSource => {
  let fraction = 0;
  return {
    path: source.path,
    total: source.total,
    fractionRead: () => fraction,
    async *entries(skip) {
      const data: PrepareThreadData = { path: source.path, skip, chunk: CHUNK, window: WINDOW };
      const thread = new Worker(ENTRY, { workerData: data });
      const inbox = new Inbox(thread);
      try {
        for (;;) {
          const message = await inbox.next();
          if (message.kind === 'failed') throw new Error(`reading ${source.path} failed in its import thread: ${message.message}`);
          fraction = message.fractionRead;
          if (message.kind === 'done') return;
          thread.postMessage('taken');
          yield* message.entries;
        }
      } finally {
        await thread.terminate();
      }
    },
  };
};

/** The thread's messages in order; its death is a failure message like any other. */
class Inbox {
  private readonly messages: PrepareMessage[] = [];
  private waiting: (() => void) | null = null;

  constructor(thread: Worker) {
    thread.on('message', (message: PrepareMessage) => this.push(message));
    thread.on('error', (error) => this.push({ kind: 'failed', message: error.stack ?? error.message }));
    thread.on('exit', (code) => this.push({ kind: 'failed', message: `the thread exited (code ${code}) before the source's end` }));
  }

  async next(): Promise<PrepareMessage> {
    while (this.messages.length === 0) await new Promise<void>((resolve) => (this.waiting = resolve));
    return this.messages.shift() as PrepareMessage;
  }

  private push(message: PrepareMessage): void {
    this.messages.push(message);
    this.waiting?.();
    this.waiting = null;
  }
}
