import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Problem, problem } from '@trial-ledger/platform';
import { undecodablePathProblem } from '@trial-ledger/trials';
import { applySecurityHeaders } from './http-security';

const fromRouter = (error: FastifyError): Problem => {
  if (error.code === 'FST_ERR_BAD_URL') return undecodablePathProblem();
  const status = error.statusCode ?? 400;
  return problem(status, `http-${status}`, error.message, { detail: error.message });
};

/**
 * The router's own refusals (a path parameter that does not decode, one too long) are answered before any hook
 * or filter runs; they get the same headers and problem document as every other refusal.
 */
export const routerErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
  const body = { ...fromRouter(error), instance: request.url };
  applySecurityHeaders(request, reply, () => {
    void reply.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  });
};
