import { Logger } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RecordedEvent } from '@trial-ledger/event-store';
import { EventApplyError } from '@trial-ledger/ledger';
import { LiveProjection } from '../ports/read-model.port';
import { ProjectionThreadData, ThreadReply, ThreadRequest } from './projection-thread.protocol';

// The thread runs this file's sibling in the form this file runs in: compiled JavaScript when deployed, TypeScript
// when a process runs the sources with a loader preloaded (`--require`), which Node hands on to its worker threads.
const ENTRY = join(__dirname, `projection-thread${extname(__filename)}`);

const startThread = (data: ProjectionThreadData): Worker => new Worker(ENTRY, { workerData: data });

type Pending = { resolve(value: number | undefined): void; reject(error: Error): void };

/**
 * The embedded read models' projections, run in a thread of their own as one live projection. On SQLite a
 * projection's work is synchronous: on the request loop it sat between one command's acknowledgement and the
 * next request (docs/benchmarks.md). The runner still reads the log and drives the batches here; the thread
 * evolves the states and writes them. A thread that dies fails what was asked of it, so the runner's
 * subscription stops and resumes from the checkpoints; the next request starts a new thread.
 */
export class ThreadedProjections implements LiveProjection {
  readonly name = 'projection-thread';
  private readonly logger = new Logger('ProjectionThread');
  private thread: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly data: ProjectionThreadData) {}

  async checkpoint(): Promise<number> {
    return (await this.request({ op: 'checkpoint' })) ?? 0;
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    await this.request({ op: 'handle', events });
  }

  /** Closes the read models and ends the thread; call once no batch is in flight (the runner has stopped). */
  async close(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    await this.request({ op: 'close' });
    this.thread = null;
    await thread.terminate();
  }

  private request(body: DistributiveOmit<ThreadRequest, 'id'>): Promise<number | undefined> {
    const id = this.nextId++;
    const thread = this.thread ?? this.spawn();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.postMessage({ ...body, id });
    });
  }

  private spawn(): Worker {
    const thread = startThread(this.data);
    // The runner's stop ends the thread; it must not keep alive a process that is otherwise done.
    thread.unref();
    thread.on('message', (reply: ThreadReply) => this.settle(reply));
    thread.on('error', (error: unknown) => this.lost(thread, error instanceof Error ? error.message : String(error)));
    thread.on('exit', (code) => this.lost(thread, `exit code ${code}`));
    this.thread = thread;
    return thread;
  }

  private settle(reply: ThreadReply): void {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (reply.ok) pending?.resolve(reply.value);
    else pending?.reject(reply.event ? new EventApplyError(reply.event, reply.reason) : new Error(reply.reason));
  }

  private lost(thread: Worker, reason: string): void {
    if (this.thread !== thread) return;
    this.thread = null;
    const failure = new Error(`The projection thread ended: ${reason}`);
    // With a batch in flight the runner reports the failure; an idle thread would otherwise end unseen.
    if (this.pending.size === 0) this.logger.warn(`${failure.message}; the next batch starts a new one`);
    this.pending.forEach((p) => p.reject(failure));
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
