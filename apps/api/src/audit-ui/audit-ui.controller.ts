import { Controller, Get, Logger, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@trial-ledger/platform';
import type { FastifyReply } from 'fastify';
import { AuditUiAsset, loadAuditUiAssets } from './audit-ui-assets';

/**
 * Self only: the page loads nothing from elsewhere and talks only to this API, so an injected script or a
 * tampered dependency could neither run inline nor send the auditor's token to another host.
 */
export const AUDIT_UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': AUDIT_UI_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // The files hold no data, but a stale script after an upgrade would call the API the old way.
  'Cache-Control': 'no-cache',
};

/**
 * The auditors' page: static files only, hence public. Every call it makes to the API carries the bearer
 * token the auditor gives it, and the API checks that token as for any other client.
 */
@ApiExcludeController()
@Public()
@Controller('audit')
export class AuditUiController {
  private readonly files: Map<string, AuditUiAsset>;

  constructor() {
    const loaded = loadAuditUiAssets();
    const logger = new Logger('AuditUi');
    // A missing page must not keep the API (the system of record) from starting; it answers 404 instead.
    if (loaded === null) logger.warn('Auditor page files not found; /audit answers 404');
    this.files = loaded?.assets ?? new Map();
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
    void res.status(200).headers(SECURITY_HEADERS).type(asset.contentType).send(asset.body);
  }
}
