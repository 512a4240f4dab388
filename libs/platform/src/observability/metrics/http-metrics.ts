import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics';

/** Requests no route matched (a 404 from the router): one series for all, whatever URL they asked for. */
const UNMATCHED = 'unmatched';

/**
 * Times every request by its route's template (`/trials/:nctId/status`), so that each trial's URL does not become a
 * series of its own. Measured by Fastify from the request's arrival to the end of the answer.
 */
export const installHttpMetrics = (fastify: FastifyInstance, metrics: Metrics): void => {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
};
