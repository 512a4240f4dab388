import { Injectable, Logger } from '@nestjs/common';

/**
 * What went wrong, in the words the failure itself gives: the pg client reports a refused connection as an
 * AggregateError with an empty message (one attempt per address), so its code or its first inner error speaks.
 */
export const causeOf = (error: unknown): string => {
  const { message, code, errors } = (error ?? {}) as { message?: unknown; code?: unknown; errors?: unknown };
  if (typeof message === 'string' && message.trim()) return message.trim();
  if (Array.isArray(errors) && errors.length) return causeOf(errors[0]);
  if (typeof code === 'string' && code) return code;
  return String(error);
};

/** The answer of a dependency, or why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; cause: string };

/**
 * Logs a dependency outage once when the probes first see it and once when it is over: an orchestrator probes
 * every few seconds, and an ERROR per probe buried the one line that said when the outage began.
 */
@Injectable()
export class DependencyOutageLog {
  private readonly logger = new Logger('Health');
  private current: string | null = null;

  failing(dependency: string, cause: string): void {
    if (this.current !== null) return;
    this.current = dependency;
    this.logger.warn(`${dependency} unavailable: ${cause}; the health probes answer 503 until it is back`);
  }

  answering(): void {
    if (this.current === null) return;
    this.logger.log(`${this.current} available again; the health probes answer 200`);
    this.current = null;
  }
}
