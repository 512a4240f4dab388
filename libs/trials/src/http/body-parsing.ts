import express, { ErrorRequestHandler, Express, RequestHandler } from 'express';
import { problem } from '@trial-ledger/platform';

/** body-parser failures, by the `type` it sets, as problems a client can act on. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload-too-large', 'The request body is too large'],
  'entity.parse.failed': [400, 'malformed-json', 'The request body is not valid JSON'],
  'encoding.unsupported': [415, 'unsupported-encoding', 'The request body encoding is not supported'],
  'charset.unsupported': [415, 'unsupported-charset', 'The request body charset is not supported'],
  'request.aborted': [400, 'request-aborted', 'The request was aborted'],
};

type BodyError = Error & { type?: string; status?: number; expose?: boolean; limit?: number };

/**
 * Any other client error body-parser reports has no `type` (a gzip body that does not inflate, a length that
 * does not match): it is still the client's fault, not a 500.
 */
const classify = (error: BodyError): [number, string, string] | undefined => {
  const known = BODY_ERRORS[error.type ?? ''];
  if (known) return known;
  const status = error.status ?? 0;
  return error.expose === true && status >= 400 && status < 500
    ? [status, 'unreadable-body', 'The request body could not be read']
    : undefined;
};

const bodyErrors: ErrorRequestHandler = (error: BodyError, req, res, next) => {
  const known = classify(error);
  if (!known) return next(error);
  const [status, slug, title] = known;
  const detail = status === 413 ? `The limit is ${error.limit} bytes` : error.message;
  // A 400 names what is wrong like every other 400; here that is the body as a whole.
  const errors = status === 400 ? { errors: [{ field: '(body)', message: error.message }] } : {};
  res
    .status(status)
    .type('application/problem+json')
    .json(problem(status, slug, title, { detail, instance: req.originalUrl, ...errors }));
};

/**
 * A path that is not percent-encoded UTF-8 can name no trial or site. Express finds out only while matching a
 * route and answers a 400 that names no field, so it is refused here first, like a body that does not parse.
 */
const undecodablePath: RequestHandler = (req, res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    const message = 'must be percent-encoded UTF-8';
    res
      .status(400)
      .type('application/problem+json')
      .json(
        problem(400, 'validation-failed', 'The request is not valid', {
          detail: `(path): ${message}`,
          errors: [{ field: '(path)', message }],
          instance: req.originalUrl,
        }),
      );
    return;
  }
  next();
};

/**
 * Nest's own body parser is turned off so that its failures become problem+json here, before routing.
 * Only JSON is accepted; a command body beyond `limitBytes` is refused with 413.
 */
export const installBodyParsing = (app: Express, limitBytes: number): void => {
  app.use(undecodablePath);
  app.use(express.json({ limit: limitBytes, strict: true }));
  app.use(bodyErrors);
};
