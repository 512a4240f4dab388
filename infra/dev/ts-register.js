'use strict';
// Runs the TypeScript sources in place, transpiled on load the way jest's ts-jest does (no type check:
// `npm run typecheck` covers that). Used by the benchmarks (`node -r`) and by the threads the services start
// when they themselves run from source under jest, where Node cannot load a .ts file on its own. It needs no
// dependency beyond the TypeScript compiler the project already builds with.
//
// Transpiled output is cached on disk by content: a test suite starts many projection threads, and loading
// the compiler and transpiling the libraries again in each would cost about a second apiece.
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
// Every library is libs/<name>/src, as tsconfig.json's paths and jest.config.js say: one pattern, so a new library
// is never unresolvable here alone (a list of names missed fhir once and broke lint:openapi and the benchmarks).
const alias = /^@trial-ledger\/([a-z][a-z0-9-]*)$/;
const compilerOptions = {
  module: 1, // CommonJS
  target: 9, // ES2022
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};
const cacheDir = join(tmpdir(), 'trial-ledger-ts-cache');
let compiler = null;

const typescript = () => {
  compiler ??= require('typescript');
  return compiler;
};

const transpile = (source, filename) => {
  const key = createHash('sha256').update(JSON.stringify(compilerOptions)).update(filename).update('\0').update(source);
  // The compiler's version is part of the key, read from its package file so a hit never loads the compiler.
  key.update(require('typescript/package.json').version);
  const cached = join(cacheDir, `${key.digest('hex')}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { outputText } = typescript().transpileModule(source, { compilerOptions, fileName: filename });
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: parallel test workers may fill the same entry, and a reader must never see half.
    const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
    return outputText;
  }
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = alias.exec(request);
  return resolveFilename.call(this, match ? join(root, 'libs', match[1], 'src') : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
};
