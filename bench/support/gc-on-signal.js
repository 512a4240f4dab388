'use strict';
// Preloaded into the API by the scale bench only (with --expose-gc): on SIGWINCH, which Node leaves alone, run
// a full garbage collection and write the heap figures to BENCH_HEAP_FILE. RSS read right after a full GC is
// what the process keeps; read at any other moment it includes whatever garbage V8 has not yet collected.
const { writeFileSync } = require('node:fs');

process.on('SIGWINCH', () => {
  global.gc();
  const { heapUsed, heapTotal, external } = process.memoryUsage();
  writeFileSync(process.env.BENCH_HEAP_FILE, JSON.stringify({ heapUsed, heapTotal, external, at: Date.now() }));
});
