import express, { ErrorRequestHandler, Express } from 'express';
import { problem } from '@trial-ledger/platform';

/** body-parser failures, by the `type` it sets, as problems a client can act on. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload-too-large', 'The request body is too large'],
  'entity.parse.failed': [400, 'malformed-json', 'The request body is not valid JSON'],
  'encoding.unsupported': [415, 'unsupported-encoding', 'The request body encoding is not supported'],
  'charset.unsupported': [415, 'unsupported-charset', 'The request body charset is not supported'],
  'request.aborted': [400, 'request-aborted', 'The request was aborted'],
};

const bodyErrors: ErrorRequestHandler = (error, req, res, next) => {
  const known = BODY_ERRORS[(error as { type?: string }).type ?? ''];
  if (!known) return next(error);
  const [status, slug, title] = known;
  res.status(status).type('application/problem+json').json(problem(status, slug, title, {
    detail: status === 413 ? `The limit is ${(error as { limit?: number }).limit} bytes` : (error as Error).message,
    instance: req.originalUrl,
  }));
};

/**
 * Nest's own body parser is turned off so that its failures become problem+json here, before routing.
 * Only JSON is accepted; a command body beyond `limitBytes` is refused with 413.
 */
export const installBodyParsing = (app: Express, limitBytes: number): void => {
  app.use(express.json({ limit: limitBytes, strict: true }));
  app.use(bodyErrors);
};
