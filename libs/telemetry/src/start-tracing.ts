import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { tracingRequested } from './tracing-switch';

/**
 * Starts OpenTelemetry's Node SDK when OTEL_* asks for traces, configured by the standard variables only (exporter,
 * endpoint, service name, sampler, propagators). Must run before the HTTP server, pg and kafkajs are loaded, so that
 * their instrumentations can patch them: each app's main.ts imports this first. Returns a function that flushes and
 * stops the SDK, or null when traces are off.
 */
export const startTracing = (env: Record<string, string | undefined>): (() => Promise<void>) | null => {
  if (!tracingRequested(env)) return null;
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'trial-ledger',
    instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), new KafkaJsInstrumentation()],
  });
  sdk.start();
  return () => sdk.shutdown();
};
