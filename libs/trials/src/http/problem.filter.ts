import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode, ValidationError } from '@trial-ledger/domain';
import { EventStoreUnavailableError } from '@trial-ledger/event-store';
import { Problem, ProblemException, problem } from '@trial-ledger/platform';
import { ReadModelUnavailableError } from '@trial-ledger/read-models';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, StaleRevisionError } from '../application/shared/trial-command-executor';
import { ReadModelLaggingError } from '../application/shared/read-your-writes';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: 400,
  TRIAL_NOT_FOUND: 404,
  SITE_NOT_FOUND: 404,
  TRIAL_ALREADY_REGISTERED: 409,
  INVALID_STATUS_TRANSITION: 409,
  SITE_ALREADY_EXISTS: 409,
  NO_CHANGE: 409,
  // The request can never succeed as stated (the record or field is not corrected this way): 422.
  CORRECTION_NOT_ALLOWED: 422,
  // The trial's later history conflicts with the correction (a later event changed the field): 409.
  CORRECTION_SUPERSEDED: 409,
  // A newer registry version is already recorded: the request conflicts with the trial's history.
  STALE_REGISTRY_VERSION: 409,
  // The change would leave a problem the registry refuses (start after completion, say): never valid as stated.
  INCONSISTENT_RECORD: 422,
};

const slug = (code: string): string => code.toLowerCase().replace(/_/g, '-');

const fromDomain = (error: DomainError): Problem => {
  const status = DOMAIN_STATUS[error.code];
  if (error instanceof ValidationError) {
    return problem(400, 'validation-failed', 'The request is not valid', { detail: error.message, errors: error.violations });
  }
  return problem(status, slug(error.code), error.code.replace(/_/g, ' ').toLowerCase(), { detail: error.message, ...error.details });
};

export type Mapped = { body: Problem; headers?: Record<string, string> };

/** Known failures, from most to least specific; anything else is a 500 and is logged. The FHIR routes reuse it. */
export const mapError = (error: unknown): Mapped | null => {
  if (error instanceof ProblemException) return { body: error.problem, headers: error.headers };
  if (error instanceof DomainError) return { body: fromDomain(error) };
  if (error instanceof StaleRevisionError) {
    return { body: problem(412, 'stale-revision', 'Precondition failed', { detail: error.message, currentRevision: error.actual }) };
  }
  if (error instanceof ConcurrencyConflictError)
    return { body: problem(409, 'concurrency-conflict', 'Conflict', { detail: error.message }) };
  if (error instanceof IdempotencyKeyReusedError) {
    return { body: problem(422, 'idempotency-key-reused', 'Idempotency-Key reused', { detail: error.message }) };
  }
  if (error instanceof EventStoreUnavailableError || error instanceof ReadModelUnavailableError || error instanceof ReadModelLaggingError) {
    return { body: problem(503, 'unavailable', 'Service unavailable', { detail: error.message }), headers: { 'Retry-After': '1' } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { body: problem(status, `http-${status}`, error.message, { detail: error.message }) };
  }
  return null;
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ originalUrl?: string; url?: string }>();
    const mapped = mapError(error) ?? this.internal(error);
    const body = { ...mapped.body, instance: request.originalUrl ?? request.url };
    // Fastify's reply and Express's response share these, so the filter depends on neither.
    const response = http.getResponse<{
      status(n: number): unknown;
      header(name: string, value: string): unknown;
      removeHeader(name: string): unknown;
      send(b: string): unknown;
    }>();
    response.status(mapped.body.status);
    // An entity tag is a trial's revision; a handler that set one and then failed must not pass it on with the error.
    response.removeHeader('ETag');
    Object.entries({ ...(mapped.headers ?? {}), 'Content-Type': 'application/problem+json' }).forEach(([name, value]) =>
      response.header(name, value),
    );
    response.send(JSON.stringify(body));
  }

  private internal(error: unknown): Mapped {
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { body: problem(500, 'internal', 'Internal server error', { detail: 'An unexpected error occurred; it has been logged' }) };
  }
}
