export * from './runtime.module';
export * from './background-work';
export * from './leadership/leadership';
export * from './leadership/pg-advisory-leadership';
export * from './health/health.http.controller';
export * from './health/probes.http.controller';
export * from './health/readiness';
export * from './graceful-shutdown';
