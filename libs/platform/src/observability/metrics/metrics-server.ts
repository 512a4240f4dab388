import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Metrics } from './metrics';

/**
 * `/metrics` on a port of its own, apart from the API's: what a scrape reveals (routes, volumes) stays on the network
 * the operator opens to Prometheus. Anything else on that port is a 404.
 */
export class MetricsServer {
  private constructor(private readonly server: Server) {}

  static async listen(metrics: Metrics, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
    metrics.collectProcessMetrics();
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at GET /metrics\n');
        return;
      }
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return new MetricsServer(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
