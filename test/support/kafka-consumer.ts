import { Kafka, logLevel } from 'kafkajs';
import { RecordedEvent } from '@trial-ledger/event-store';
import { revisionsPerKey } from '../../libs/relay/src/testing/relay-doubles';

export interface ConsumedRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  timestamp: string;
}

const headersOf = (raw: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, String(v)]));

/**
 * Reads the topic from the beginning, as a fresh consumer group (a downstream service's first start),
 * until `done` says it has enough or the time runs out; then it fails naming what it got.
 */
export const consumeUntil = async (
  brokers: string,
  topic: string,
  done: (records: ConsumedRecord[]) => boolean,
  timeoutMs = 60_000,
): Promise<ConsumedRecord[]> => {
  const kafka = new Kafka({ clientId: 'e2e-consumer', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `e2e-${process.pid}-${Date.now()}-${Math.random()}` });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: headersOf(message.headers),
          partition,
          offset: message.offset,
          timestamp: message.timestamp,
        });
        if (done(records)) finish();
      },
    });
    const timer = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`Consumed ${records.length} records of ${topic} in ${timeoutMs} ms without reaching the expected set`)),
        timeoutMs,
      ).unref(),
    );
    await Promise.race([finished, timer]);
    return records;
  } finally {
    await consumer.disconnect();
  }
};

export const idsOf = (records: ConsumedRecord[]): Set<string> => new Set(records.map((r) => r.headers.ce_id));

/** Enough once every stored event's id has arrived. */
export const allOf =
  (events: RecordedEvent[]) =>
  (records: ConsumedRecord[]): boolean => {
    const ids = idsOf(records);
    return events.every((e) => ids.has(e.eventId));
  };

/** Per trial, in partition order, with repeats dropped by `ce_id`: in order and gap-free is exactly 1..n. */
export const revisionsPerTrial = (records: ConsumedRecord[]): Record<string, number[]> =>
  revisionsPerKey([...records].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset))));

/** What an in-order, gap-free delivery of these stored events looks like, per trial. */
export const expectedRevisions = (events: RecordedEvent[]): Record<string, number[]> => {
  const byTrial: Record<string, number[]> = {};
  for (const e of events) (byTrial[e.streamId.replace(/^trial-/, '')] ??= []).push(e.revision);
  return byTrial;
};
