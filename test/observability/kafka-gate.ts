import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';

/**
 * A TCP door in front of a Kafka broker: closed, it drops every connection at once, as a broker that is down
 * would; open, it forwards them. kafkajs reaches it as its bootstrap address and then talks to the broker the
 * metadata names, so closing it again would not cut an established client: it is opened once.
 */
export class KafkaGate {
  private open = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {}

  static async before(broker: string): Promise<KafkaGate> {
    const [host, port] = broker.split(':');
    let gate: KafkaGate | null = null;
    const server = createServer((socket) => gate?.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    gate = new KafkaGate(server, { host, port: Number(port) });
    return gate;
  }

  /** Where a client is told the broker is. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  letThrough(): void {
    this.open = true;
  }

  close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (!this.open) {
      socket.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const s of [socket, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => this.sockets.delete(s));
    }
    socket.pipe(upstream).pipe(socket);
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  }
}
