import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details; `errors` lists per-field reasons for a 400. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://trial-ledger.dev/problems/';

export const problem = (status: number, slug: string, title: string, extra: Partial<Problem> = {}): Problem => ({
  type: `${TYPE_BASE}${slug}`,
  title,
  status,
  ...extra,
});

/** An HttpException whose response body is already a problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem, problem.status);
  }
}

export const badRequest = (field: string, message: string): ProblemException =>
  new ProblemException(problem(400, 'validation-failed', 'The request is not valid', {
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
  }));
