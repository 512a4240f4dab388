import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import getRawBody from 'raw-body';
import { Problem, ProblemException, problem } from '@trial-ledger/platform';

/** Reading failures, by the `type` raw-body sets, as problems a client can act on. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload-too-large', 'The request body is too large'],
  'entity.parse.failed': [400, 'malformed-json', 'The request body is not valid JSON'],
  'encoding.unsupported': [415, 'unsupported-encoding', 'The request body encoding is not supported'],
  'charset.unsupported': [415, 'unsupported-charset', 'The request body charset is not supported'],
  'request.aborted': [400, 'request-aborted', 'The request was aborted'],
};

type BodyError = Error & { type?: string; status?: number; expose?: boolean; limit?: number };

const typed = (message: string, type: string): BodyError => Object.assign(new Error(message), { type });

/**
 * Any other client error has no `type` (a gzip body that does not inflate, a length that does not match): it is
 * still the client's fault, not a 500.
 */
const classify = (error: BodyError, inflating: boolean): [number, string, string] | undefined => {
  const known = BODY_ERRORS[error.type ?? ''];
  if (known) return known;
  const status = error.status ?? (inflating ? 400 : 0);
  return (error.expose === true || inflating) && status >= 400 && status < 500
    ? [status, 'unreadable-body', 'The request body could not be read']
    : undefined;
};

const refusal = (error: BodyError, inflating: boolean): unknown => {
  const known = classify(error, inflating);
  if (!known) return error;
  const [status, slug, title] = known;
  const detail = status === 413 ? `The limit is ${error.limit} bytes` : error.message;
  // A 400 names what is wrong like every other 400; here that is the body as a whole.
  const errors = status === 400 ? { errors: [{ field: '(body)', message: error.message }] } : {};
  return new ProblemException(problem(status, slug, title, { detail, ...errors }));
};

const DECODERS: Record<string, (() => NodeJS.ReadWriteStream) | null> = {
  identity: null,
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The body as sent, or inflated; the limit then applies to what is parsed, not to what went over the wire. */
const contentStream = (req: IncomingMessage): { stream: Readable; inflating: boolean } => {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoder = DECODERS[encoding];
  if (decoder === undefined) throw typed(`unsupported content encoding "${encoding}"`, 'encoding.unsupported');
  return decoder === null ? { stream: req, inflating: false } : { stream: req.pipe(decoder()) as unknown as Readable, inflating: true };
};

const charsetOf = (contentType: string | undefined): string => {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '');
  return (match?.[1] ?? 'utf-8').toLowerCase();
};

/** Only an object or an array, as body-parser's strict mode: a bare `null` or `42` is no command. */
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

const parseStrict = (text: string): unknown => {
  if (text.length === 0) return {};
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[')
    throw typed(`Unexpected token ${JSON.stringify(first ?? '')}: only an object or an array`, 'entity.parse.failed');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw typed((error as Error).message, 'entity.parse.failed');
  }
};

const readJson = async (req: IncomingMessage, limitBytes: number): Promise<unknown> => {
  let inflating = false;
  try {
    const charset = charsetOf(req.headers['content-type']);
    if (!charset.startsWith('utf-')) throw typed(`unsupported charset "${charset.toUpperCase()}"`, 'charset.unsupported');
    const content = contentStream(req);
    inflating = content.inflating;
    const length = inflating ? undefined : req.headers['content-length'];
    return parseStrict(await getRawBody(content.stream, { limit: limitBytes, length, encoding: charset }));
  } catch (error) {
    // Unread bytes would otherwise hold the connection until the client gives up.
    req.resume();
    throw refusal(error as BodyError, inflating);
  }
};

const PATH_MESSAGE = 'must be percent-encoded UTF-8';

/** A path that is not percent-encoded UTF-8 can name no trial or site: a 400 naming the path as the field at fault. */
export const undecodablePathProblem = (): Problem =>
  problem(400, 'validation-failed', 'The request is not valid', {
    detail: `(path): ${PATH_MESSAGE}`,
    errors: [{ field: '(path)', message: PATH_MESSAGE }],
  });

/**
 * The router refuses such a path only when it is a route's parameter (router-errors.ts in the API answers that);
 * elsewhere in a path it would be a 404, so every path is checked first, like a body that does not parse.
 */
const refuseUndecodablePath = async (request: FastifyRequest): Promise<void> => {
  try {
    decodeURIComponent(request.url.split('?', 1)[0]);
  } catch {
    throw new ProblemException(undecodablePathProblem());
  }
};

/**
 * Fastify's own parsers are replaced so that every failure becomes a problem naming what is wrong. Only JSON is
 * accepted: any other media type is a 415 naming the expected one, and a body beyond `limitBytes` a 413.
 */
export const installBodyParsing = (app: FastifyInstance, limitBytes: number): void => {
  app.addHook('onRequest', refuseUndecodablePath);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (request: FastifyRequest) => readJson(request.raw, limitBytes));
  app.addContentTypeParser('*', async (request: FastifyRequest) => {
    request.raw.resume();
    const type = request.headers['content-type'];
    throw new ProblemException(
      problem(415, 'unsupported-media-type', 'Unsupported media type', {
        detail: `The request body must be application/json${type === undefined ? '; no Content-Type was sent' : `, not ${type}`}`,
      }),
    );
  });
};
