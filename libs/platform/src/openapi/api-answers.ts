import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/**
 * The answer schemas are components named after the TypeScript types the handlers return (`npm run openapi` derives
 * them from infra/openapi/response-types.ts); a route names its own by that name.
 */
export const schemaRef = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

const WHY: Readonly<Record<ProblemStatus, string>> = {
  400: 'The request is not valid; `errors` names each field and why, and nothing was changed',
  401: 'No bearer token, or one that is not valid',
  403: "The token's role may not do this",
  404: 'No such trial (or site)',
  409: "The command conflicts with the trial's state: a duplicate, a transition the lifecycle refuses, no change",
  412: "If-Match names an older revision than the trial's; `currentRevision` gives it",
  413: 'The body is larger than the configured limit',
  415: 'The body is not application/json',
  422: 'The command can never succeed as stated, or its Idempotency-Key was used for another command',
  429: 'Too many requests from this client; Retry-After says when to come back',
  503: 'The event store or the read models cannot answer now; retry after Retry-After',
};

/** Problem documents (RFC 9457, application/problem+json) a route may answer with. */
export const ApiProblems = (...statuses: ProblemStatus[]): MethodDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: WHY[status], content: { 'application/problem+json': { schema: schemaRef('Problem') } } }),
    ),
  );

const STRING_HEADER = { schema: { type: 'string' } } as const;
const COMMAND_HEADERS = {
  ETag: { ...STRING_HEADER, description: "The trial's new revision, in quotes: send it as If-Match next time" },
  'Idempotent-Replayed': { ...STRING_HEADER, description: '"true" when a retry with the same Idempotency-Key got the first result' },
};

/** A command's answer: its result and the trial's revision as the ETag; 201 routes also give a Location. */
export const ApiCommandAnswer = (status: 200 | 201, schema = 'CommandResult', location?: string): MethodDecorator =>
  ApiResponse({
    status,
    description: 'Accepted and durable',
    content: { 'application/json': { schema: schemaRef(schema) } },
    headers: location ? { ...COMMAND_HEADERS, Location: { ...STRING_HEADER, description: location } } : COMMAND_HEADERS,
  });

/** A read's answer; `etag` when the answer is one trial's state, whose revision it then carries. */
export const ApiReadAnswer = (schema: string, options: { etag?: boolean; description?: string } = {}): MethodDecorator =>
  ApiResponse({
    status: 200,
    description: options.description ?? 'OK',
    content: { 'application/json': { schema: schemaRef(schema) } },
    headers: options.etag ? { ETag: { ...STRING_HEADER, description: "The trial's revision, in quotes" } } : undefined,
  });

/** Every command: validation, authentication, role, unknown trial, conflicts, If-Match, body, rate and outage. */
export const COMMAND_PROBLEMS: ProblemStatus[] = [400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503];
/** Every authenticated read: its query, authentication, role, unknown trial, rate, and a read model behind or away. */
export const READ_PROBLEMS: ProblemStatus[] = [400, 401, 403, 404, 429, 503];
