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
import { AuthSettings, BEARER } from '../auth/jwt-auth.guard';
import { InvalidTokenError, verifyToken } from '../auth/jwt';
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
    private readonly auth: AuthSettings,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: { headers: Record<string, string | undefined> }): Promise<string> {
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined) {
      try {
        return `sub:${verifyToken(this.auth.jwtSecret, token).sub}`;
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
      }
    }
    return `ip:${await super.getTracker(req)}`;
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
