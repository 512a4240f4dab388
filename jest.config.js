// The specs run the TypeScript sources, and so do the projection threads the services start: Node hands a loader
// given with `--require` on to worker threads, never one installed later. `npm run jest -- <args>` preloads it.
const TS_LOADER = require.resolve('./infra/dev/ts-register.js');
if (!require.cache[TS_LOADER]) {
  throw new Error(
    'Run jest as `npm run jest -- <jest arguments>`: it preloads infra/dev/ts-register.js, which the projection threads need to run from source.',
  );
}

// Type checking runs once in `npm run typecheck`; jest only transpiles, which keeps the suite fast.
// Every library is libs/<name>/src, as tsconfig.json's paths say; one pattern keeps a new library from being
// unresolvable here only.
const moduleNameMapper = { '^@trial-ledger/([a-z][a-z0-9-]*)$': '<rootDir>/libs/$1/src' };
// jose and the test identity provider (oidc-provider) ship only as ES modules, which jest's CommonJS runtime
// cannot load; Node itself requires them, so the built apps need nothing. ts-jest, already the transformer
// here, turns exactly these packages (and oidc-provider's ES-module dependencies, listed by walking its
// package.json files) into CommonJS: no new dependency (babel-jest would need a modules plugin we do not have)
// and no experimental VM-modules flag for the whole suite. Everything else in node_modules stays untransformed.
const ES_MODULE_PACKAGES = [
  'jose',
  'oidc-provider',
  'nanoid',
  'quick-lru',
  'got',
  '@sindresorhus/is',
  '@szmarczak/http-timer',
  'cacheable-lookup',
  'cacheable-request',
  'mimic-response',
  'normalize-url',
  'responselike',
  'lowercase-keys',
  'form-data-encoder',
  'p-cancelable',
];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  '^.+/node_modules/.+\\.js$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.esm-packages.json', diagnostics: false }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ES_MODULE_PACKAGES.join('|')})/)`];
// Fault injection: each of these stops or kills a broker, a database, a leader, a worker or a CLI mid-flight and
// waits out what follows (lease expiries, reconnects, restarts). Together: about 390 s of file time in a full run of
// 2026-12-03 (2 workers, partly loaded), so they leave `npm test` (kept under 5 minutes) for `npm run test:faults` (TEST_FAULTS=only);
// `npm run test:all`, what .ci/run runs, is both.
const FAULT_SPECS = [
  'test/kafka/broker-restart.e2e.spec.ts',
  'test/kafka/relay-crash.e2e.spec.ts',
  'test/faults/kill-under-load-postgres.e2e.spec.ts',
  'test/faults/postgres-outage.e2e.spec.ts',
  'test/scale-out/worker-shutdown.e2e.spec.ts',
  'test/scale-out/worker-relay-shutdown.e2e.spec.ts',
  'test/scale-out/leader-takeover.e2e.spec.ts',
  'test/faults/disk-full.int.spec.ts',
  'test/cli/rebuild-kill.int.spec.ts',
];
const faultsOnly = process.env.TEST_FAULTS === 'only';
const faultSpecs = (suffix) => FAULT_SPECS.filter((f) => f.endsWith(suffix)).map((f) => `<rootDir>/${f}`);
const escaped = (suffix) => faultSpecs(suffix).map((f) => `/${f.slice('<rootDir>/'.length).replace(/\./g, '\\.')}$`);
/** A project's specs: all of its suffix but the fault specs, or (TEST_FAULTS=only) the fault specs alone. */
const specsOf = (suffix, ignored = []) =>
  faultsOnly
    ? { testMatch: faultSpecs(suffix) }
    : {
        testMatch: [`<rootDir>/{apps,libs,test}/**/*${suffix}`],
        testPathIgnorePatterns: ['/node_modules/', ...ignored, ...escaped(suffix)],
      };

const base = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
};

module.exports = {
  // Jest's default on 2 cores is one worker (cores - 1): every file in turn, which kept less than half of the
  // two cores busy (CPU time over wall time of the e2e project). Two workers took the e2e project from a
  // median 214 s to 179 s; a third saturated the cores and slowed every file. Measured on 2 cores; on more,
  // --maxWorkers overrides this. Figures and how to measure again: docs/reliability.md, "Test suite: where the
  // time goes".
  maxWorkers: 2,
  // Files without a recorded time (a clean clone) run e2e first, so that no server-starting file is left for the end.
  testSequencer: require.resolve('./test/support/heavy-first-sequencer.js'),
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    // The soak runs only under `npm run test:soak` (which always sets SOAK_SECONDS): beside its leaking twin it
    // kept both cores busy for a minute of `npm test`, and under a loaded machine its GC count fell short.
    {
      ...base,
      displayName: 'int',
      ...specsOf('.int.spec.ts', process.env.SOAK_SECONDS ? [] : ['/test/load/soak\\.int\\.spec\\.ts$']),
    },
    // Real servers and processes: a Kafka broker, a throwaway PostgreSQL server per jest worker
    // (test/support/postgres.ts), the compiled API and worker apps (so `npm run build` first), Chromium; the
    // KurrentDB contract only when KURRENTDB_CONNECTION_STRING names a server. The global setup fetches the
    // broker's jars and starts the one broker shared by the specs that do not stop it; the teardown stops it.
    {
      ...base,
      displayName: 'e2e',
      ...specsOf('.e2e.spec.ts'),
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
    },
  ],
};
