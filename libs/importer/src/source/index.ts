export * from './import-source';
export * from './open-import-source';
