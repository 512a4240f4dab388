export * from './snapshot';
export * from './map-record';
export * from './registry-version-of';
export * from './read-import-path';
export * from './untracked-changes';
