import { Agent, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

/**
 * Sends exactly the bytes and headers asked for (supertest would add a Content-Type, re-encode the body and
 * refuse a missing one), over one kept-alive connection to the app's own server.
 */
export class RawClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  private constructor(private readonly port: number) {}

  static async listen(server: Server): Promise<RawClient> {
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RawClient((server.address() as AddressInfo).port);
  }

  send(method: string, path: string, headers: Record<string, string>, body: string | null): Promise<RawResponse> {
    const bytes = body === null ? undefined : Buffer.from(body, 'utf8');
    const all = bytes ? { ...headers, 'Content-Length': String(bytes.length) } : headers;
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers: all, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', reject);
      req.end(bytes);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
