export * from './metrics';
export * from './http-metrics';
export * from './metrics-server';
export * from './observability.module';
export * from './registry-metrics';
