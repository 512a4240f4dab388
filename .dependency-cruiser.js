// The import rules of the monorepo (docs/architecture.md draws them). `npm test` runs `npm run lint:deps`, so a
// loop or an import against the layering fails the build rather than waiting for a review to notice it.
const lib = (name) => `^libs/${name}/`;
// Each library and the libraries it may import. Everything not listed is forbidden.
const LAYERS = {
  domain: [],
  // The typed HTTP client for other teams: it knows the API only through its contract (docs/openapi.json).
  'api-client': [],
  // OpenTelemetry's start, loaded by an app before anything it instruments: it imports no library.
  telemetry: [],
  platform: ['domain', 'telemetry'],
  'event-store': [],
  importer: ['domain'],
  ledger: ['domain', 'event-store'],
  'read-models': ['domain', 'event-store', 'ledger', 'platform'],
  compliance: ['domain', 'event-store', 'ledger', 'read-models'],
  relay: ['domain', 'event-store', 'ledger', 'platform'],
  // The FHIR R4 view: pure mapping from the domain's values and the read models' types.
  fhir: ['domain', 'read-models'],
  trials: ['domain', 'event-store', 'ledger', 'read-models', 'compliance', 'importer', 'platform', 'fhir'],
  runtime: ['domain', 'event-store', 'ledger', 'read-models', 'compliance', 'importer', 'platform', 'relay', 'trials'],
};
const TEST_ONLY = '(\\.spec\\.ts$|\\.fixtures\\.ts$|/testing/)';

const layering = Object.entries(LAYERS).map(([name, allowed]) => ({
  name: `${name}-layering`,
  comment: `libs/${name} may import only ${allowed.length ? allowed.join(', ') : 'itself'} among the libraries`,
  severity: 'error',
  from: { path: lib(name), pathNot: TEST_ONLY },
  to: { path: '^libs/', pathNot: [lib(name), ...allowed.map(lib)] },
}));

module.exports = {
  forbidden: [
    ...layering,
    {
      name: 'no-circular',
      comment: 'a loop between modules',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-loop',
      comment: "a loop between folders: a library's folders, or libraries, depend one way",
      severity: 'error',
      scope: 'folder',
      from: { path: '^(libs|apps)/' },
      to: { circular: true },
    },
    {
      name: 'product-not-on-tests',
      comment: 'shipped code never imports tests, test helpers, fixtures or the benchmark',
      severity: 'error',
      from: { path: '^(libs|apps)/', pathNot: TEST_ONLY },
      to: { path: ['^test/', '^bench/', TEST_ONLY] },
    },
    {
      name: 'libs-not-on-apps',
      comment: 'libraries never import an app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-deep-library-import',
      comment: 'another library is imported by its name (@trial-ledger/x), never by a path into its folders',
      severity: 'error',
      from: { path: '^(libs|apps)/([^/]+)/', pathNot: TEST_ONLY },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs are leaves (nothing imports one), so they can close no loop of modules; left in, every spec beside
    // the code it tests would make a folder loop with the testing helpers it uses.
    exclude: { path: ['^dist/', '^node_modules/', '\\.spec\\.ts$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
