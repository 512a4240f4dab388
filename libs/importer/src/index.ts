export * from './snapshot';
export * from './map-record';
export * from './registry-version-of';
export * from './parse-document';
export * from './untracked-changes';
export * from './source';
export * from './registry-api';
export * from './prepare';
