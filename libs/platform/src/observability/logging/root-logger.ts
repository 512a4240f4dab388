import { trace } from '@opentelemetry/api';
import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { LogFormat, LogLevelName, ObservabilityConfig } from '../../config/observability-config';

export interface RootLoggerOptions {
  level: LogLevelName;
  format: LogFormat;
  /** Colours only on a terminal; a pretty log redirected to a file stays plain text. */
  colorize: boolean;
  /** Defaults to stdout. */
  destination?: DestinationStream;
}

/** The trace of the active span, by the field names OpenTelemetry's log data model uses, so a backend links the two. */
const traceFields = (): Record<string, string> => {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
};

const prettyStream = (options: RootLoggerOptions): DestinationStream =>
  pretty({
    colorize: options.colorize,
    // Synchronous, as pino's own stdout is: a line is out before a crash ends the process.
    sync: true,
    destination: options.destination ?? 1,
    translateTime: "UTC:yyyy-mm-dd'T'HH:MM:ss.l'Z'",
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });

/**
 * The one pino logger of a process: Nest's messages and Fastify's requests both go through it. Level names instead of
 * numbers and ISO UTC times, so a line reads the same in a file, a terminal and a log store.
 */
export const createRootLogger = (options: RootLoggerOptions): Logger =>
  pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
    },
    options.format === 'pretty' ? prettyStream(options) : (options.destination ?? pino.destination({ sync: true })),
  );

/** The process's logger as configured; colours only when stdout is a terminal, whatever LOG_FORMAT says. */
export const loggerFromConfig = (config: ObservabilityConfig): Logger =>
  createRootLogger({ level: config.logLevel, format: config.logFormat, colorize: process.stdout.isTTY === true });
