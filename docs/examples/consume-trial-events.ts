import { ROOT_CONTEXT, SpanKind, propagation, trace } from '@opentelemetry/api';
import { CloudEvent, Kafka as CloudEventsKafka, KafkaMessage } from 'cloudevents';
import { Consumer, Kafka } from 'kafkajs';

export interface TrialEventsConsumerOptions {
  brokers: string[];
  groupId: string;
  topic?: string;
  /** Called once per event id, in stream order for each trial. */
  handle: (event: CloudEvent<unknown>) => Promise<void>;
}

// Without an OpenTelemetry SDK in your process these calls do nothing; with one, your spans join the ledger's trace.
const tracer = trace.getTracer('trial-events-consumer');

/** The CloudEvents Distributed Tracing extension: the trace of the request whose command recorded the event. */
const traceOf = (event: CloudEvent<unknown>) =>
  propagation.extract(ROOT_CONTEXT, { traceparent: String(event.traceparent ?? ''), tracestate: String(event.tracestate ?? '') });

export const consumeTrialEvents = async (options: TrialEventsConsumerOptions): Promise<Consumer> => {
  const kafka = new Kafka({ clientId: options.groupId, brokers: options.brokers });
  const consumer = kafka.consumer({ groupId: options.groupId });
  // Delivery is at-least-once: keep the ids you handled (here in memory; in your own database, in the
  // same transaction as the effect, for real) and skip a repeat.
  const handled = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic ?? 'trial-ledger.trial-events.v1', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      const record: KafkaMessage<string> = {
        key: String(message.key),
        value: String(message.value),
        body: String(message.value),
        headers,
        timestamp: message.timestamp,
      };
      const event = CloudEventsKafka.toEvent(record) as CloudEvent<unknown>;
      if (handled.has(event.id)) return;
      await tracer.startActiveSpan(`${event.type} process`, { kind: SpanKind.CONSUMER }, traceOf(event), async (span) => {
        try {
          await options.handle(event);
        } finally {
          span.end();
        }
      });
      handled.add(event.id);
    },
  });
  return consumer;
};
