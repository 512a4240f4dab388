import { EventStoreUnavailableError } from '../event-store.errors';
import { isDatabaseUnavailable, storeError } from './postgres-errors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('PostgreSQL failures: outage or fault', () => {
  it('given a database closed to connections (55000 with that wording), then it is an outage, a 503', () => {
    const closed = pgError('55000', 'database "trials" is not currently accepting connections');
    expect(isDatabaseUnavailable(closed)).toBe(true);
    expect(storeError(closed)).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('given another 55000 (a statement that cannot work as written), then it stays a fault', () => {
    const other = pgError('55000', 'currval of sequence "events_position_seq" is not yet defined in this session');
    expect(isDatabaseUnavailable(other)).toBe(false);
    expect(storeError(other)).toBe(other);
  });

  it('given a refused socket, a shutting-down server or a syntax error, then only the first two are outages', () => {
    expect(isDatabaseUnavailable(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('42601', 'syntax error at or near "SELEC"'))).toBe(false);
  });
});
