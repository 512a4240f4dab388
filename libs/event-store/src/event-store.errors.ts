export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream',
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at revision ${actual}, expected ${expected === 'no_stream' ? 'no stream' : expected}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class DuplicateEventError extends Error {
  constructor(readonly eventId: string) {
    super(`Event ${eventId} is already stored`);
    this.name = 'DuplicateEventError';
  }
}

/** The store cannot take writes now (read-only file, full disk, server down): a 503, never a client error. */
export class EventStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}
