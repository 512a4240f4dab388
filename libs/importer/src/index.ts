export * from './snapshot';
export * from './map-record';
export * from './plan-import';
export * from './read-import-path';
