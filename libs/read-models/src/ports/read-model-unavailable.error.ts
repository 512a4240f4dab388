/** The read models' database cannot serve now (down, closed to connections, out of connections): a 503. */
export class ReadModelUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ReadModelUnavailableError';
  }
}
