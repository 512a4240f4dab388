// A leaf library that loads nothing but OpenTelemetry: an app imports it before anything it instruments.
export * from './tracing-switch';
export * from './start-tracing';
