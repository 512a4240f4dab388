export * from './prepare-entry';
export * from './prepared-source';
