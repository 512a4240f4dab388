export * from './trials.module';
export * from './http/problem.filter';
export * from './http/body-parsing';
export * from './application/ports/registry-rules.port';
export * from './application/shared/trial-command-executor';
export * from './application/get-state-at/get-state-at.query';
export { ISO_INSTANT } from './application/get-state-at/get-state-at.dto';
export * from './application/import/import-path';
export * from './application/shared/read-your-writes';
