import { DynamicModule, Module } from '@nestjs/common';
import { AUDIT_PAGE_CONFIG, OidcPageSettings, auditPageConfig } from './audit-page-config';
import { AuditPageConfigController } from './audit-page-config.controller';
import { AuditUiController } from './audit-ui.controller';

/** The auditor page at /audit and how it signs in: a pasted token, or the OpenID provider when one is configured. */
@Module({})
export class AuditUiModule {
  static forRoot(oidc: OidcPageSettings | null | undefined): DynamicModule {
    return {
      module: AuditUiModule,
      controllers: [AuditPageConfigController, AuditUiController],
      providers: [{ provide: AUDIT_PAGE_CONFIG, useValue: auditPageConfig(oidc) }],
    };
  }
}
