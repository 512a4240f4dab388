import { BeforeApplicationShutdown, DynamicModule, Injectable, Module, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { KafkaConfig } from '@trial-ledger/platform';
import { EventRelay } from './application/event-relay';
import { DisabledRelayStatus, EventPublisher, RelayCheckpoint, RelayStatus } from './application/ports';
import { KafkaEventPublisher } from './infrastructure/kafka/kafka-event-publisher';

export interface RelayModuleOptions {
  /** Null: no brokers configured, the relay is off and /health says so. */
  kafka: KafkaConfig | null;
  /** Where the relay keeps its position; the composition root picks the engine. */
  checkpoint: (checkpointName: string) => RelayCheckpoint;
  /** First retry delay; later ones double up to kafka.relayMaxBackoffMs. */
  initialBackoffMs?: number;
}

@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: EventRelay) {}

  // Starting only subscribes to the local log: nothing here waits for a broker, so the API comes up with Kafka down.
  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  // Before the store closes (onApplicationShutdown), so the last acknowledged batch still moves the checkpoint.
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

const relayProviders = (kafka: KafkaConfig, options: RelayModuleOptions): Provider[] => [
  { provide: EventPublisher, useFactory: () => new KafkaEventPublisher(kafka) },
  // Keyed by topic: pointing the relay at a new topic publishes the whole log to it.
  { provide: RelayCheckpoint, useFactory: () => options.checkpoint(`kafka:${kafka.topic}`) },
  {
    provide: EventRelay, inject: [EventStore, EventPublisher, RelayCheckpoint],
    useFactory: (store: EventStore, publisher: EventPublisher, checkpoint: RelayCheckpoint) => new EventRelay(store, publisher, checkpoint, {
      source: kafka.source, batchSize: kafka.relayBatchSize,
      backoff: { initialMs: options.initialBackoffMs ?? 250, maxMs: kafka.relayMaxBackoffMs },
    }),
  },
  { provide: RelayStatus, useExisting: EventRelay },
  RelayLifecycle,
];

/** The Kafka relay, in-process in embedded mode. Needs an EventStore provider from the infrastructure module. */
@Module({})
export class RelayModule {
  static forRoot(options: RelayModuleOptions): DynamicModule {
    const providers = options.kafka
      ? relayProviders(options.kafka, options)
      : [{ provide: RelayStatus, useClass: DisabledRelayStatus }];
    return { module: RelayModule, providers, exports: [RelayStatus] };
  }
}
