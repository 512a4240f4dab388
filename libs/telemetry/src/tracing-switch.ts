/** Any of these set (and not to "none") asks for traces; the SDK reads them, and the rest of OTEL_*, itself. */
const OTEL_SWITCHES = ['OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];

/** Traces are off unless an exporter or an endpoint is configured, and OTEL_SDK_DISABLED=true turns them off whatever else is set. */
export const tracingRequested = (env: Record<string, string | undefined>): boolean =>
  env.OTEL_SDK_DISABLED !== 'true' && OTEL_SWITCHES.some((name) => (env[name] ?? '').trim() !== '' && env[name] !== 'none');
