import { PreparedEntry } from './prepare-entry';

/** What the main thread hands the thread: which source, from which entry, and how much it may send ahead. */
export interface PrepareThreadData {
  path: string;
  skip: number;
  /** Entries per message. */
  chunk: number;
  /** Messages the thread may send before the main thread has taken the first of them. */
  window: number;
}

export type PrepareMessage =
  | { kind: 'entries'; entries: PreparedEntry[]; fractionRead: number }
  | { kind: 'done'; fractionRead: number }
  | { kind: 'failed'; message: string };
