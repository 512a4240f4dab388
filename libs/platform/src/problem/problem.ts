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

/**
 * An extension can never replace a member RFC 9457 defines: a domain error's detail
 * named `status` (a site's status) once overwrote the HTTP status, and the response could not be sent (500).
 */
export const problem = (status: number, slug: string, title: string, extra: Partial<Problem> = {}): Problem => {
  const members = { type: `${TYPE_BASE}${slug}`, title, status };
  // Assigned again after the extensions: the values win and the members keep their place at the top.
  return Object.assign({ ...members }, extra, members);
};

/** An HttpException whose response body is already a problem document. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem, problem.status);
  }
}

export const badRequest = (field: string, message: string): ProblemException =>
  new ProblemException(
    problem(400, 'validation-failed', 'The request is not valid', {
      detail: `${field}: ${message}`,
      errors: [{ field, message }],
    }),
  );
