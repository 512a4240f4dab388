import { context, defaultTextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const w3c = new W3CTraceContextPropagator();

/**
 * The W3C trace context of the span the command runs in (the HTTP request's, when traces are on), to keep in its
 * events' metadata so that whoever reads an event later (the Kafka relay, a consumer) continues that trace. Empty when
 * no span is active: traces off, or work that no request started (an import, the scheduled sync).
 */
export const activeTraceContext = (): { traceparent?: string; tracestate?: string } => {
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier;
};
