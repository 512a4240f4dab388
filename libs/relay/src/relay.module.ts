import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { KafkaConfig } from '@trial-ledger/platform';
import { EventRelay } from './application/event-relay';
import { DisabledRelayStatus, EventPublisher, RelayCheckpoint, RelayCheckpointFactory, RelayStatus } from './application/ports';
import { KafkaEventPublisher } from './infrastructure/kafka/kafka-event-publisher';

export interface RelayModuleOptions {
  /** Null: no brokers configured, the relay is off and /health says so. */
  kafka: KafkaConfig | null;
  /** First retry delay; later ones double up to kafka.relayMaxBackoffMs. */
  initialBackoffMs?: number;
}

/** The relay when Kafka is configured, else null. Whoever runs the background work starts and stops it. */
export const RELAY = Symbol('RELAY');

@Injectable()
class RelayDisposal implements OnApplicationShutdown {
  constructor(@Inject(RELAY) private readonly relay: EventRelay | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.dispose();
  }
}

const relayProviders = (kafka: KafkaConfig, options: RelayModuleOptions): Provider[] => [
  { provide: EventPublisher, useFactory: () => new KafkaEventPublisher(kafka) },
  // Keyed by topic: pointing the relay at a new topic publishes the whole log to it.
  {
    provide: RelayCheckpoint,
    inject: [RelayCheckpointFactory],
    useFactory: (factory: RelayCheckpointFactory) => factory.open(`kafka:${kafka.topic}`),
  },
  {
    provide: RELAY,
    inject: [EventStore, EventPublisher, RelayCheckpoint],
    useFactory: (store: EventStore, publisher: EventPublisher, checkpoint: RelayCheckpoint) =>
      new EventRelay(store, publisher, checkpoint, {
        source: kafka.source,
        batchSize: kafka.relayBatchSize,
        backoff: { initialMs: options.initialBackoffMs ?? 250, maxMs: kafka.relayMaxBackoffMs },
      }),
  },
  { provide: RelayStatus, useExisting: RELAY },
];

/** The Kafka relay. The infrastructure module provides the EventStore and the RelayCheckpointFactory (its engine). */
@Module({})
export class RelayModule {
  static forRoot(options: RelayModuleOptions): DynamicModule {
    const providers: Provider[] = options.kafka
      ? relayProviders(options.kafka, options)
      : [
          { provide: RELAY, useValue: null },
          { provide: RelayStatus, useClass: DisabledRelayStatus },
        ];
    return { module: RelayModule, providers: [...providers, RelayDisposal], exports: [RelayStatus, RELAY] };
  }
}
