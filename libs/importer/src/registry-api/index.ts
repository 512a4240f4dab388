export * from './backoff';
export * from './pacing';
export * from './registry-api-client';
export * from './registry-page';
