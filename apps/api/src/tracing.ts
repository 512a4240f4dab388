import { startTracing } from '@trial-ledger/telemetry';

/** Imported first by main.ts: OpenTelemetry must patch http, pg and kafkajs before anything loads them. */
export const stopTracing = startTracing(process.env);
