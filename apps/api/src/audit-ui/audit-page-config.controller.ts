import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiReadAnswer, Public } from '@trial-ledger/platform';
import { AUDIT_PAGE_CONFIG, AuditPageConfig } from './audit-page-config';

/** Tells the auditor page how to sign in; public, since the page asks before anyone is signed in. */
@ApiTags('audit')
@Controller('audit')
export class AuditPageConfigController {
  constructor(@Inject(AUDIT_PAGE_CONFIG) private readonly config: AuditPageConfig) {}

  @Get('config.json')
  @Public()
  // A changed provider or client id must reach the page on its next load, not after a cache expires.
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary:
      "How the auditor page signs in: with a pasted token (`mode: token`, embedded HS256), or through the OpenID provider (`mode: oidc`) with the issuer, the page's public client id, the scopes and the API's audience as the resource indicator",
    security: [],
  })
  @ApiReadAnswer('AuditPageConfig')
  // Public but not exempt from the rate limit, unlike the probes: a client can be told to come back later.
  @ApiProblems(429)
  pageConfig(): AuditPageConfig {
    return this.config;
  }
}
