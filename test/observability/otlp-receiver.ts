import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** One span as OTLP/JSON carries it (the fields these tests read). */
export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  /** The exporting process's service.name. */
  service: unknown;
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan extends Omit<ExportedSpan, 'attributes' | 'service'> {
  attributes?: KeyValue[];
}
interface OtlpBody {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const valueOf = (v: AnyValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: KeyValue[] = []): Record<string, unknown> => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/**
 * An OTLP/HTTP receiver for JSON bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/json), as a collector's otlp receiver
 * takes them on /v1/traces: the peer a traced process exports to, keeping every span it was sent.
 */
export class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  readonly problems: string[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | null = null;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const type = request.headers['content-type'] ?? '';
        if (request.method !== 'POST' || request.url !== '/v1/traces' || !type.startsWith('application/json')) {
          receiver?.problems.push(`${request.method} ${request.url} (${type})`);
          response.writeHead(404).end();
          return;
        }
        receiver?.take(JSON.parse(Buffer.concat(chunks).toString()) as OtlpBody);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new OtlpReceiver(server);
    return receiver;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(body: OtlpBody): void {
    for (const resource of body.resourceSpans ?? []) {
      const service = attributesOf(resource.resource?.attributes)['service.name'];
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? []) this.spans.push({ ...span, attributes: attributesOf(span.attributes), service });
    }
  }
}
