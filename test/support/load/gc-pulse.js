'use strict';
// Loaded into the soaked API (`node --trace-gc --expose-gc -r gc-pulse.js`); Node runs a `-r` module in the main
// thread and again in each worker thread, which inherits the flags. Every isolate then collects fully every
// PULSE_MS, so `--trace-gc` reports its live heap twice a second, where V8 left alone makes one full collection
// in 10 to 20 s under the soak's load: too few for a slope in a short run. Test code only: the API does not know.
const { isMainThread } = require('node:worker_threads');

const PULSE_MS = 500;

if (typeof gc !== 'function') throw new Error('gc-pulse.js needs node --expose-gc');
// The main thread's first line of the trace is its own (it runs before any code that could start a thread), which
// is how the analysis tells the main isolate from the workers' (test/support/load/memory-sampler.ts).
if (isMainThread) gc();
setInterval(() => gc(), PULSE_MS).unref();
