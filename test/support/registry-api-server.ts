import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { studyOf, syntheticNctId } from './registry-corpus';

type Obj = Record<string, unknown>;

/** How a page is broken on purpose: a body that is not JSON, or JSON without its `studies`. */
export type BrokenPage = 'not-json' | 'no-studies';

export interface RequestSeen {
  url: URL;
  status: number;
}

const RANGE = /^AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}), ?MAX\]$/;
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

export const lastUpdateOf = (study: Obj): string => {
  const status = ((study.protocolSection as Obj | undefined)?.statusModule ?? {}) as Obj;
  return String((status.lastUpdatePostDateStruct as Obj | undefined)?.date ?? '');
};

export const nctIdOf = (study: Obj): string =>
  String((((study.protocolSection as Obj | undefined)?.identificationModule ?? {}) as Obj).nctId ?? '');

/** Study n of the corpus (a real record under a synthetic NCT ID) as the registry posted it on `day`. */
export const changedStudy = (records: Obj[], n: number, day: string): Obj => {
  const study = studyOf(records, n);
  const status = (study.protocolSection as Obj).statusModule as Obj;
  status.lastUpdatePostDateStruct = { date: day, type: 'ACTUAL' };
  return study;
};

/** `count` changed studies, `perDay` of them on each day from `firstDay` on (UTC days). */
export const changedStudies = (records: Obj[], count: number, firstDay: string, perDay: number, from = 0): Obj[] =>
  Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.parse(`${firstDay}T00:00:00Z`) + Math.floor(i / perDay) * 86_400_000).toISOString().slice(0, 10);
    return changedStudy(records, from + i, day);
  });

export { syntheticNctId };

/**
 * A local stand-in for ClinicalTrials.gov API v2's `GET /api/v2/studies`, for specs and the bench: the studies it is
 * given, filtered by `filter.advanced=AREA[LastUpdatePostDate]RANGE[<day>,MAX]`, sorted when asked by
 * `sort=LastUpdatePostDate:asc`, served `pageSize` at a time with an opaque `nextPageToken`, and `totalCount` on the
 * first page with `countTotal=true`. Faults on demand: the next requests answered with a status (429 with a
 * Retry-After, 500), a page whose body is broken, and tokens made stale (400, as the registry answers a bad token).
 */
export class RegistryApiServer {
  /** Every request in the order it came, with the status it got. */
  readonly requests: RequestSeen[] = [];
  private failures: { status: number; retryAfter?: string; times: number; page?: number }[] = [];
  private readonly broken = new Map<number, BrokenPage>();
  private generation = 1;

  private constructor(
    private readonly server: Server,
    /** The registry's content: a spec may change it between runs, as the registry changes between syncs. */
    public studies: Obj[],
  ) {}

  static async start(studies: Obj[]): Promise<RegistryApiServer> {
    const server = createServer();
    const registry = new RegistryApiServer(server, studies);
    server.on('request', (req, res) => registry.answer(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return registry;
  }

  /** The base URL, as https://clinicaltrials.gov/api/v2 is the registry's. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v2`;
  }

  /** The next `times` requests get `status` (with `Retry-After` when given) instead of their page. */
  failNext(status: number, times: number, retryAfter?: string): void {
    this.failures.push({ status, times, retryAfter });
  }

  /** The next `times` requests for page `number` (from 1) get `status` instead of it; other pages are served. */
  failPage(number: number, status: number, times: number): void {
    this.failures.push({ status, times, page: number });
  }

  /** Page `number` (from 1) answers 200 with a broken body until mended. */
  breakPage(number: number, how: BrokenPage): void {
    this.broken.set(number, how);
  }

  mendPages(): void {
    this.broken.clear();
  }

  /** Every pageToken handed out so far is answered 400 from now on. */
  expireTokens(): void {
    this.generation += 1;
  }

  /** The page requests (not the failures injected before them) for a look at the query. */
  get pageRequests(): URL[] {
    return this.requests.filter((r) => r.status === 200).map((r) => r.url);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://registry.local');
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      this.requests.push({ url, status });
      res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'text/plain', ...headers });
      res.end(body);
    };
    const page = req.method === 'GET' && url.pathname === '/api/v2/studies' ? this.page(url.searchParams) : 'not found';
    const failure = this.failures.find((f) => f.page === undefined || (typeof page !== 'string' && f.page === page.number));
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return send(failure.status, `injected ${failure.status}`, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
    }
    if (page === 'not found') return send(404, page);
    if (typeof page === 'string') return send(400, page);
    const how = this.broken.get(page.number);
    if (how === 'not-json') return send(200, '<html>Service temporarily unavailable</html>');
    if (how === 'no-studies') return send(200, JSON.stringify({ nextPageToken: page.body.nextPageToken }));
    send(200, JSON.stringify(page.body));
  }

  /** The page a query asks for, or why the query is bad (the registry answers 400 with text). */
  private page(q: URLSearchParams): { number: number; body: Obj } | string {
    if ((q.get('format') ?? 'json') !== 'json') return `format ${q.get('format')} is not served here`;
    const range = RANGE.exec(q.get('filter.advanced') ?? '');
    if (range === null) return `filter.advanced must be AREA[LastUpdatePostDate]RANGE[<day>,MAX], got ${q.get('filter.advanced')}`;
    const requested = Number(q.get('pageSize') ?? DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(requested) || requested < 0) return `pageSize must be a whole number, got ${q.get('pageSize')}`;
    const size = Math.min(MAX_PAGE_SIZE, requested || DEFAULT_PAGE_SIZE);
    const offset = this.offsetOf(q.get('pageToken'));
    if (offset === null) return `pageToken ${q.get('pageToken')} is not valid`;
    const matching = this.studies.filter((s) => lastUpdateOf(s) >= range[1]);
    if (q.get('sort') === 'LastUpdatePostDate:asc')
      matching.sort((a, b) => lastUpdateOf(a).localeCompare(lastUpdateOf(b)) || nctIdOf(a).localeCompare(nctIdOf(b)));
    const studies = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? this.tokenOf(offset + size) : undefined;
    const total = q.get('countTotal') === 'true' && offset === 0 ? matching.length : undefined;
    return {
      number: offset / size + 1,
      body: { ...(total === undefined ? {} : { totalCount: total }), studies, ...(next ? { nextPageToken: next } : {}) },
    };
  }

  private tokenOf(offset: number): string {
    return Buffer.from(`${this.generation}:${offset}`).toString('base64url');
  }

  private offsetOf(token: string | null): number | null {
    if (token === null) return 0;
    const [generation, offset] = Buffer.from(token, 'base64url').toString().split(':').map(Number);
    return generation === this.generation && Number.isInteger(offset) && offset > 0 ? offset : null;
  }
}
