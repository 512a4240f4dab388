import { Caller } from './roles';
import { TokenVerifier } from './token-verifier';

/** `Authorization: Bearer <JWT>`, the token in group 1. */
export const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

export interface BearerRequest {
  headers: Record<string, string | string[] | undefined>;
}

const verdicts = new WeakMap<object, { token: string; caller: Promise<Caller> }>();

/**
 * The caller a request's bearer token speaks for, verified once per request: the rate limit reads it before
 * authentication does, and with an identity provider a second check would cost a second signature verification.
 * Undefined when the request carries no bearer token.
 */
export const callerOfRequest = (verifier: TokenVerifier, request: BearerRequest): Promise<Caller> | undefined => {
  const header = request.headers.authorization;
  const token = BEARER.exec(typeof header === 'string' ? header : '')?.[1];
  if (token === undefined) return undefined;
  const known = verdicts.get(request);
  if (known?.token === token) return known.caller;
  const caller = verifier.verify(token);
  // Each reader handles the rejection itself; this keeps an unread one from counting as unhandled.
  caller.catch(() => undefined);
  verdicts.set(request, { token, caller });
  return caller;
};
