export * from './trial-stream';
export * from './hash-chain';
export * from './command-context';
export * from './trial-replay';
export * from './ports/clock.port';
export * from './ports/id-generator.port';
export * from './event-fault';
