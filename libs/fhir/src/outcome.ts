import { FhirResource } from './resource';

const ISSUE_CODE: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'conflict',
  429: 'throttled',
  503: 'transient',
};

export interface OutcomeIssue {
  diagnostics: string;
  /** The FHIRPath or parameter name the issue is about. */
  expression?: string;
}

/** A FHIR error answer: the HTTP status and one issue per thing wrong. */
export const operationOutcome = (status: number, issues: OutcomeIssue[]): FhirResource => ({
  resourceType: 'OperationOutcome',
  issue: issues.map(({ diagnostics, expression }) => ({
    severity: 'error',
    code: ISSUE_CODE[status] ?? (status >= 500 ? 'exception' : 'processing'),
    diagnostics,
    ...(expression ? { expression: [expression] } : {}),
  })),
});

/** A request the FHIR routes refuse, with the status to answer (400 for a search they do not support). */
export class FhirRequestError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OutcomeIssue[],
  ) {
    super(issues.map((i) => i.diagnostics).join('; '));
  }
}
