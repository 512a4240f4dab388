import { EventStoreUnavailableError } from '../event-store.errors';

// SQLSTATE classes meaning "the database cannot serve us now" rather than "this request is wrong":
// 08 connection exception, 28 authorization, 3D000 no such database, 53 insufficient resources (disk full,
// too many connections), 57014 cancelled (statement timeout), 57P01-03 shutting down / starting up,
// 58 system error, 25006 read-only transaction (a standby or a read-only server).
const UNAVAILABLE_SQLSTATE = /^(08|28|3D000|53|57014|57P0[1-3]|58|25006)/;
// 55000 (object not in prerequisite state) mostly means a statement that cannot work as written, a 500; but it is
// also how the server refuses a session to a database closed to connections (ALTER DATABASE … ALLOW_CONNECTIONS
// false), which is an outage: that one only, by its wording.
const CLOSED_DATABASE = /^database ".*" is not currently accepting connections$/;
// Node socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EAI_AGAIN ...) and the pg client's own wording.
const SOCKET_CODE = /^E[A-Z_]+$/;
const CLIENT_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|pool after calling end/i;

/** Whether a pg failure means the database cannot serve now (a 503), not that the request or the code is wrong. */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || SOCKET_CODE.test(code))) return true;
  if (code === '55000' && typeof message === 'string' && CLOSED_DATABASE.test(message)) return true;
  return typeof message === 'string' && CLIENT_MESSAGE.test(message);
};

/** Turns a failure to reach or use the server into EventStoreUnavailableError (a 503); anything else stays. */
export const storeError = (error: unknown): Error => {
  if (error instanceof EventStoreUnavailableError) return error;
  if (isDatabaseUnavailable(error)) {
    const { code, message } = error as { code?: string; message?: string };
    return new EventStoreUnavailableError(`The event store's database is unavailable: ${message || code || 'unknown error'}`, error);
  }
  return error instanceof Error ? error : new Error(String(error));
};
