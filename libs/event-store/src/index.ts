export * from './event-store.port';
export * from './event-store.errors';
export * from './catch-up-subscription';
export * from './sqlite/sqlite-event-store';
export * from './postgres/postgres-event-store';
export * from './kurrentdb/kurrentdb-event-store';
