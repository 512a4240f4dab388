export * from './application/kafka-record';
export * from './application/ports';
export * from './application/backoff';
export * from './application/event-relay';
export * from './infrastructure/kafka/kafka-event-publisher';
export * from './infrastructure/sqlite/sqlite-relay-checkpoint';
export * from './relay.module';
export * from './infrastructure/postgres/pg-relay-checkpoint';
