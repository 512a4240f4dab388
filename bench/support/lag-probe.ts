import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Consumer, Kafka, Partitioners, Producer, logLevel } from 'kafkajs';

/**
 * One consumer, as a downstream service runs it, reading the relay's topic and a probe topic together and
 * noting when each record arrived (by its ce_id). Reading both through the same fetches means the probe
 * records and the relay's meet the same consumer delays.
 */
export class ArrivalLog {
  readonly arrivals = new Map<string, number>();
  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string, topics: string[]): Promise<ArrivalLog> {
    const kafka = new Kafka({ clientId: 'bench-consumer', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `bench-lag-${randomUUID()}` });
    const log = new ArrivalLog(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = message.headers?.ce_id?.toString();
        if (id && !log.arrivals.has(id)) log.arrivals.set(id, performance.now());
      },
    });
    await joined;
    return log;
  }

  async waitFor(ids: string[], timeoutMs: number): Promise<string[]> {
    const deadline = performance.now() + timeoutMs;
    const missing = () => ids.filter((id) => !this.arrivals.has(id));
    while (missing().length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return missing();
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

/**
 * The floor any producer meets on this broker at this moment: a bare kafkajs producer with the relay's
 * settings sends one record at a time to the probe topic; its lag runs from `send` to consumer receipt.
 */
export class ProbeProducer {
  readonly sent = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  static async start(brokers: string, topic: string, everyMs: number): Promise<ProbeProducer> {
    const kafka = new Kafka({ clientId: 'bench-probe', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const probe = new ProbeProducer(producer, topic);
    probe.loop = probe.run(everyMs);
    return probe;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.producer.disconnect();
  }

  private async run(everyMs: number): Promise<void> {
    for (let n = 0; !this.stopped; n += 1) {
      const id = randomUUID();
      this.sent.set(id, performance.now());
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [{ key: `NCT0${n % 1000}`, value: '{}', headers: { ce_id: id } }],
      });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
