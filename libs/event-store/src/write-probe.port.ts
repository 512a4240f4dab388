export type Writability = { writable: true } | { writable: false; reason: string };

/**
 * Whether the store takes a write now, found by writing: a store that answers reads can still refuse writes (a
 * full disk, a file opened read-only, a read-only or standby PostgreSQL, an INSERT privilege revoked). The write
 * goes to a scratch table of the store, never to the log, in a transaction of its own.
 */
export abstract class StoreWriteProbe {
  /** Where the store lives, for the operator who has to fix it: a file, or a server and database. */
  abstract readonly location: string;
  abstract probe(): Promise<Writability>;
}

/** The failure's own words: SQLite's and PostgreSQL's codes say more to an operator than a class name. */
export const unwritableReason = (error: unknown): string => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
};
