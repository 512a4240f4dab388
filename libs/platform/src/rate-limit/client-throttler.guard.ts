import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  SkipThrottle,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { BearerRequest, callerOfRequest } from '../auth/request-caller';
import { TokenVerifier } from '../auth/token-verifier';
import { ProblemException, problem } from '../problem/problem';

/** Marks a route (or controller) as never rate-limited: probes such as /health must answer during a flood. */
export const NoRateLimit = (): MethodDecorator & ClassDecorator => SkipThrottle();

/**
 * One budget per client across all routes: the token's subject when the token is valid, else the IP address.
 * It runs before authentication, so floods of bad or missing tokens are limited too (by address). The
 * signature is checked here as well: an unverified `sub` would let a caller mint a fresh budget per request.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: BearerRequest): Promise<string> {
    // Any refusal (bad token, provider unreachable, no role) falls back to the address; authentication reports it.
    const sub = await callerOfRequest(this.verifier, req)?.then(
      (caller) => caller.sub,
      () => undefined,
    );
    return sub === undefined ? `ip:${await super.getTracker(req)}` : `sub:${sub}`;
  }

  // The default key includes the route, which would give a client a separate budget on every route.
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, limit.timeToBlockExpire));
    throw new ProblemException(
      problem(429, 'too-many-requests', 'Too many requests', {
        detail: `At most ${limit.limit} requests per ${limit.ttl / 1000} s per client; retry after ${retryAfter} s`,
      }),
      { 'Retry-After': retryAfter },
    );
  }
}
