// Type checking runs once in `npm run typecheck`; jest only transpiles, which keeps the suite fast.
const moduleNameMapper = {
  '^@trial-ledger/(domain|event-store|ledger|read-models|compliance|trials|importer|platform|relay|runtime)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] };
const base = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'] },
    // Real servers (Kafka; later PostgreSQL, KurrentDB). The global setup fetches what they need once.
    {
      ...base, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
    },
  ],
};
