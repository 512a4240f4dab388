import { ReadModelUnavailableError } from '../ports/read-model-unavailable.error';
import { reading } from './pg-read-errors';

const failing = (error: unknown) => reading(() => Promise.reject(error));
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('reading the PostgreSQL read models', () => {
  it('given a database closed to connections, when read, then ReadModelUnavailableError with the server words', async () => {
    const closed = pgError('55000', 'database "trials" is not currently accepting connections');
    await expect(failing(closed)).rejects.toThrow(ReadModelUnavailableError);
    await expect(failing(closed)).rejects.toThrow(
      `The read models' database is unavailable: database "trials" is not currently accepting connections`,
    );
  });

  it('given a refused connection (an AggregateError without a message), when read, then the first attempt names the address', async () => {
    const refused = Object.assign(new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')], ''), {
      code: 'ECONNREFUSED',
    });
    await expect(failing(refused)).rejects.toThrow(`The read models' database is unavailable: connect ECONNREFUSED 127.0.0.1:5432`);
  });

  it('given a fault of the query itself, when read, then it passes unchanged (a 500, logged)', async () => {
    const syntax = pgError('42601', 'syntax error at or near "SELEC"');
    await expect(failing(syntax)).rejects.toBe(syntax);
  });
});
