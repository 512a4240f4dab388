import { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ClientThrottlerGuard } from './client-throttler.guard';

export interface RateLimitOptions {
  /** Requests per window per client; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** One minute unless a test needs to see the budget come back sooner. */
  rateLimitWindowMs?: number;
}

/**
 * The module and global guard that enforce the limit, or nothing when it is off. The guard must be listed
 * before the authentication guard so that it also counts requests that authentication will refuse.
 */
export const rateLimiting = (options: RateLimitOptions): { imports: DynamicModule[]; guards: Provider[] } => {
  if (options.rateLimitPerMinute <= 0) return { imports: [], guards: [] };
  const throttler = { ttl: options.rateLimitWindowMs ?? 60_000, limit: options.rateLimitPerMinute };
  return {
    imports: [ThrottlerModule.forRoot({ throttlers: [throttler] })],
    guards: [{ provide: APP_GUARD, useClass: ClientThrottlerGuard }],
  };
};
