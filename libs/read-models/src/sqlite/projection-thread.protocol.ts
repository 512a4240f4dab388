import { RecordedEvent } from '@trial-ledger/event-store';
import type { FaultyEvent } from '@trial-ledger/ledger';

/** What the projection thread is started with: the read-model file it writes. */
export interface ProjectionThreadData {
  readModelFile: string;
}

/** To the thread: where its projections stand, a batch to apply past that, or close the read models. */
export type ThreadRequest =
  { id: number; op: 'checkpoint' } | { id: number; op: 'handle'; events: RecordedEvent[] } | { id: number; op: 'close' };

/**
 * From the thread, one per request. A failure travels as its message, and the event it failed on when it names
 * one: an error object thrown across threads arrives without them when its class is not a built-in (SqliteError).
 */
export type ThreadReply = { id: number; ok: true; value?: number } | { id: number; ok: false; reason: string; event?: FaultyEvent };
