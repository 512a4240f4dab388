export * from './resource';
export * from './status-map';
export * from './research-study';
export * from './outcome';
export * from './search-params';
export * from './bundles';
export * from './concept-map';
export * from './capability';
