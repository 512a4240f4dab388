import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import {
  AuthOptions,
  JwtAuthGuard,
  ObservabilityModule,
  OidcConfig,
  ObservabilityOptions,
  RateLimitOptions,
  rateLimiting,
  TokenVerifier,
  tokenVerifierFor,
} from '@trial-ledger/platform';
import { HealthHttpController, LagGauges, ProbesHttpController, RuntimeModule, RuntimeOptions } from '@trial-ledger/runtime';
import { ProblemFilter, TrialsModule } from '@trial-ledger/trials';
import { AuditUiModule } from './audit-ui/audit-ui.module';

/** `oidc` set: tokens come from that OpenID provider, and the auditor page signs in there; else embedded HS256. */
export interface AppModuleOptions extends RuntimeOptions, RateLimitOptions, ObservabilityOptions, AuthOptions {
  oidc?: OidcConfig | null;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const rateLimit = rateLimiting(options);
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot(options),
        RuntimeModule.forRoot(options),
        TrialsModule,
        AuditUiModule.forRoot(options.oidc),
        ...rateLimit.imports,
      ],
      controllers: [HealthHttpController, ProbesHttpController],
      providers: [
        { provide: TokenVerifier, useValue: tokenVerifierFor(options) },
        // Global guards run in the order listed: the rate limit counts requests before authentication refuses any.
        ...rateLimit.guards,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        LagGauges,
      ],
    };
  }
}
