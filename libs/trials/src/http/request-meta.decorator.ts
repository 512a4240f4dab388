import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Caller, badRequest } from '@trial-ledger/platform';
import { CommandMeta } from '@trial-ledger/ledger';

type HttpRequest = { headers: Record<string, string | string[] | undefined>; caller?: Caller };

const TOKEN = /^[\x21-\x7e]{1,200}$/;

const header = (request: HttpRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** If-Match carries the revision as an entity tag, `"7"`; anything else is a malformed precondition. */
const parseIfMatch = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const match = /^"(\d{1,15})"$/.exec(value.trim());
  if (!match) throw badRequest('If-Match', 'must be a revision in quotes, as returned in ETag, e.g. "3"');
  return Number(match[1]);
};

const parseToken = (value: string | undefined, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (!TOKEN.test(value)) throw badRequest(name, 'must be 1 to 200 visible ASCII characters');
  return value;
};

/** The command's metadata taken from the authenticated caller and the request headers, never the body. */
export const RequestMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => {
  const request = ctx.switchToHttp().getRequest<HttpRequest>();
  if (!request.caller) throw new Error('RequestMeta used on a route without authentication');
  const meta: CommandMeta = { actor: request.caller.sub, role: request.caller.role };
  const expectedRevision = parseIfMatch(header(request, 'if-match'));
  const idempotencyKey = parseToken(header(request, 'idempotency-key'), 'Idempotency-Key');
  const correlationId = parseToken(header(request, 'x-correlation-id'), 'X-Correlation-Id');
  if (expectedRevision !== undefined) meta.expectedRevision = expectedRevision;
  if (idempotencyKey !== undefined) meta.idempotencyKey = idempotencyKey;
  if (correlationId !== undefined) meta.correlationId = correlationId;
  return meta;
});
