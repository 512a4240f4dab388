import { isDatabaseUnavailable } from '@trial-ledger/event-store';
import { ReadModelUnavailableError } from '../ports/read-model-unavailable.error';

// A refused connection comes as an AggregateError with no message of its own: its first attempt's says where.
const describe = (error: unknown): string => {
  const { message, code, errors } = (error ?? {}) as { message?: unknown; code?: unknown; errors?: unknown };
  if (typeof message === 'string' && message.trim()) return message.trim();
  if (Array.isArray(errors) && errors.length > 0) return describe(errors[0]);
  return typeof code === 'string' && code ? code : String(error);
};

/** Runs a read, turning a database outage into ReadModelUnavailableError; any other failure stays as it was. */
export const reading = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    throw new ReadModelUnavailableError(`The read models' database is unavailable: ${describe(error)}`, error);
  }
};
