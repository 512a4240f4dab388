import { Pacing } from './pacing';

/**
 * Spaces requests at least 1/rate seconds apart, counted from each request's start: the registry asks each client
 * to keep under a rate, and a retry is a request like any other.
 */
export class RequestSpacing {
  private readonly gapMs: number;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    requestsPerSecond: number,
    private readonly pacing: Pacing,
  ) {
    this.gapMs = 1000 / requestsPerSecond;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.last + this.gapMs - this.pacing.now();
    if (wait > 0) await this.pacing.sleep(wait, signal);
    this.last = this.pacing.now();
  }
}
