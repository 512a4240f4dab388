import {
  AccessDeniedError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { DuplicateEventError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { conflictError, toAppendError, toPortError } from './error-mapping';

const conflict = (current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: 'ns-trial-NCT1', expected: 0n, current });

describe('toAppendError', () => {
  const context = { streamId: 'trial-NCT1', eventIds: ['e-1', 'e-2'] };

  it('turns a wrong expected version into the port error, with the actual revision in port numbering', () => {
    const error = toAppendError(conflict(4n), { ...context, expected: 1 });
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 'trial-NCT1', expected: 1, actual: 5 });
  });

  it('reports a missing stream as revision 0', () => {
    expect(toAppendError(conflict(NO_STREAM), { ...context, expected: 3 })).toMatchObject({ expected: 3, actual: 0 });
  });

  it('keeps no_stream as what was expected', () => {
    expect(toAppendError(conflict(0n), { ...context, expected: 'no_stream' })).toMatchObject({ expected: 'no_stream', actual: 1 });
  });

  it('reads a wrong version under ANY as a half-stored retry: a duplicate of the first id', () => {
    const error = toAppendError(conflict(1n), { ...context, expected: 'any' });
    expect(error).toBeInstanceOf(DuplicateEventError);
    expect(error).toMatchObject({ eventId: 'e-1' });
  });

  it('maps other failures like reads do', () => {
    expect(toAppendError(new UnavailableError(undefined, 'down'), { ...context, expected: 1 })).toBeInstanceOf(EventStoreUnavailableError);
  });
});

describe('conflictError', () => {
  it('reads a bare revision as the actual state, a negative one as no stream', () => {
    const context = { streamId: 'trial-NCT1', eventIds: ['e-1'], expected: 2 };
    expect(conflictError(4n, context)).toMatchObject({ expected: 2, actual: 5 });
    expect(conflictError(-1n, context)).toMatchObject({ expected: 2, actual: 0 });
  });
});

describe('toPortError', () => {
  it.each([
    ['unavailable', new UnavailableError(undefined, 'connection refused')],
    ['deadline exceeded', new DeadlineExceededError(undefined, 'deadline')],
    [
      'not leader',
      new NotLeaderError({ message: 'not leader', metadata: { 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' } } as never),
    ],
  ])('turns %s into EventStoreUnavailableError, keeping the cause', (_name, cause) => {
    const error = toPortError(cause);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as EventStoreUnavailableError).cause).toBe(cause);
  });

  it('recognises the raw gRPC error an append to an unreachable server rejects with', () => {
    const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established' });
    const error = toPortError(raw);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as EventStoreUnavailableError).cause).toBeInstanceOf(UnavailableError);
  });

  it("leaves an error alone when the client's converter cannot read it", () => {
    const odd = Object.assign(new Error('odd'), { code: 2 });
    expect(toPortError(odd)).toBe(odd);
  });

  it('passes errors the port has no word for through unchanged', () => {
    const denied = new AccessDeniedError(undefined, 'no');
    expect(toPortError(denied)).toBe(denied);
    const missing = new StreamNotFoundError(undefined, 's');
    expect(toPortError(missing)).toBe(missing);
  });

  it('wraps a thrown non-error', () => {
    expect(toPortError('boom')).toEqual(new Error('boom'));
  });
});
