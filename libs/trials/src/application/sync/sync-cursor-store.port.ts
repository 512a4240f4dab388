/**
 * Where each registry's sync cursor is kept: the LastUpdatePostDate (yyyy-MM-dd) up to which a sync has recorded
 * every changed study, the day itself included in the next run. Keyed by the registry's base URL, so that a sync
 * against another server (a mirror, a test double) never moves the registry's cursor.
 */
export abstract class SyncCursorStore {
  /** Null before the first run that saved one. */
  abstract load(registry: string): Promise<string | null>;
  /** Durable when it resolves. A later save replaces the day, earlier or not: an operator's --since may go back. */
  abstract save(registry: string, day: string): Promise<void>;
  abstract close(): Promise<void>;
}
