import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FHIR_JSON, FhirRequestError, OutcomeIssue, operationOutcome } from '@trial-ledger/fhir';
import { Mapped, mapError } from '../../http/problem.filter';

const fromProblem = ({ body }: Mapped): OutcomeIssue[] => {
  const detail = String(body.detail ?? body.title);
  const errors = (body.errors ?? []) as { field: string; message: string }[];
  return errors.length ? errors.map((e) => ({ expression: e.field, diagnostics: `${e.field} ${e.message}` })) : [{ diagnostics: detail }];
};

/**
 * FHIR clients read errors as OperationOutcome, not problem+json: the same failures and statuses as the rest of the
 * API (mapError), including the guard's 401 and 403, told in FHIR's shape. Scoped to the FHIR controllers.
 */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger(FhirOutcomeFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, issues, headers } = this.outcomeOf(error);
    const response = host.switchToHttp().getResponse<{
      status(n: number): unknown;
      header(name: string, value: string): unknown;
      removeHeader(name: string): unknown;
      send(b: string): unknown;
    }>();
    response.status(status);
    response.removeHeader('ETag');
    Object.entries({ ...headers, 'Content-Type': FHIR_JSON }).forEach(([name, value]) => response.header(name, value));
    response.send(JSON.stringify(operationOutcome(status, issues)));
  }

  private outcomeOf(error: unknown): { status: number; issues: OutcomeIssue[]; headers?: Record<string, string> } {
    if (error instanceof FhirRequestError) return { status: error.status, issues: error.issues };
    const mapped = mapError(error);
    if (mapped) return { status: mapped.body.status, issues: fromProblem(mapped), headers: mapped.headers };
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, issues: [{ diagnostics: 'An unexpected error occurred; it has been logged' }] };
  }
}
