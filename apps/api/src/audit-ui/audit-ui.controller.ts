import { Controller, Get, Inject, Logger, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@trial-ledger/platform';
import type { FastifyReply } from 'fastify';
import { AuditUiAsset, loadAuditUiAssets } from './audit-ui-assets';
import { AUDIT_PAGE_CONFIG, AuditPageConfig, auditPageCsp } from './audit-page-config';

/** The embedded mode's policy (the page with a pasted token); the OpenID mode's adds the issuer to connect-src. */
export const AUDIT_UI_CSP = auditPageCsp({ mode: 'token' });

const securityHeaders = (csp: string): Readonly<Record<string, string>> => ({
  'Content-Security-Policy': csp,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // The files hold no data, but a stale script after an upgrade would call the API the old way.
  'Cache-Control': 'no-cache',
});

/**
 * The auditors' page: static files only, hence public. Every call it makes to the API carries the bearer
 * token the auditor gives it (or the provider issued it), and the API checks that token as for any other client.
 */
@ApiExcludeController()
@Public()
@Controller('audit')
export class AuditUiController {
  private readonly files: Map<string, AuditUiAsset>;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(@Inject(AUDIT_PAGE_CONFIG) config: AuditPageConfig) {
    const loaded = loadAuditUiAssets();
    const logger = new Logger('AuditUi');
    // A missing page must not keep the API (the system of record) from starting; it answers 404 instead.
    if (loaded === null) logger.warn('Auditor page files not found; /audit answers 404');
    this.files = loaded?.assets ?? new Map();
    this.headers = securityHeaders(auditPageCsp(config));
  }

  @Get()
  page(@Res() res: FastifyReply): void {
    this.send(res, 'index.html');
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res() res: FastifyReply): void {
    this.send(res, file);
  }

  private send(res: FastifyReply, name: string): void {
    const asset = this.files.get(name);
    if (asset === undefined) {
      // The same problem document as any unknown route (http-404).
      throw new NotFoundException(`No such file: /audit/${name}`);
    }
    void res.status(200).headers(this.headers).type(asset.contentType).send(asset.body);
  }
}
