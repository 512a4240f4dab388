import { EventEmitter } from 'node:events';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Metrics } from './metrics';

/**
 * `/metrics` on a port of its own, apart from the API's: what a scrape reveals (routes, volumes) stays on the network
 * the operator opens to Prometheus. Anything else on that port is a 404.
 */
export class MetricsServer {
  private readonly scrapes = new EventEmitter();

  private constructor(private readonly server: Server) {}

  static async listen(metrics: Metrics, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
    metrics.collectProcessMetrics();
    let self: MetricsServer | null = null;
    let sequence = 0;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at GET /metrics\n');
        return;
      }
      const scrape = ++sequence;
      self?.scrapes.emit('begun', scrape);
      metrics.registry.metrics().then(
        (text) =>
          response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text, () => self?.scrapes.emit('served', scrape)),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    self = new MetricsServer(server);
    return self;
  }

  /**
   * Resolves true once a scrape that began after this call has been answered, false after `ms` or when `signal`
   * aborts: a batch that ends waits for the scrape that reads its final counts.
   */
  nextScrape(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (scraped: boolean) => {
        clearTimeout(timer);
        this.scrapes.off('begun', begun);
        this.scrapes.off('served', served);
        signal?.removeEventListener('abort', aborted);
        resolve(scraped);
      };
      const after = new Set<number>();
      const begun = (scrape: number) => after.add(scrape);
      const served = (scrape: number) => after.has(scrape) && done(true);
      const aborted = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      this.scrapes.on('begun', begun);
      this.scrapes.on('served', served);
      signal?.addEventListener('abort', aborted);
      if (signal?.aborted) done(false);
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
