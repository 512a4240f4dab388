'use strict';
// Preloaded, with --expose-gc, into the CLI by the registry-import bench: every 500 ms a full garbage collection,
// then the heap and external memory still in use, appended to BENCH_LIVE_HEAP_FILE as JSON lines. What survives a
// full GC is what the process holds; RSS at any moment also counts garbage V8 has not collected yet.
const { appendFileSync } = require('node:fs');

const started = Date.now();
setInterval(() => {
  global.gc();
  const { heapUsed, external, rss } = process.memoryUsage();
  appendFileSync(process.env.BENCH_LIVE_HEAP_FILE, `${JSON.stringify({ at: Date.now() - started, heapUsed, external, rss })}\n`);
}, 500).unref();
