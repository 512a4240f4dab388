'use strict';
// Lets `node -r ./bench/support/register.js bench/main.ts` run the TypeScript sources in place, transpiled on
// load the way jest's ts-jest does (no type check: `npm run typecheck` covers bench/). Running in place keeps
// the test harnesses' `__dirname`-relative paths (Kafka jars, the PostgreSQL reaper, dist/apps) right, and
// needs no dependency beyond the TypeScript compiler the project already builds with.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const root = join(__dirname, '..', '..');
const alias = /^@trial-ledger\/(domain|event-store|trials|importer|platform|relay|runtime)$/;
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = alias.exec(request);
  return resolveFilename.call(this, match ? join(root, 'libs', match[1], 'src') : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
