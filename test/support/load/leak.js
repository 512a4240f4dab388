'use strict';
// A deliberate leak, for the soak to show that it catches one (test/load/soak.int.spec.ts, the leaking twin).
// Loaded like gc-pulse.js with `-r`, so it runs in the main thread and in each worker thread of the API:
//   LEAK_THREADS          where to leak: "main", "worker" or "main,worker"
//   LEAK_MB_PER_MINUTE    how fast, in each of those threads
// It keeps arrays of doubles (8 bytes each, on the V8 heap; a Buffer's bytes would be outside it) for good. Each tick
// tops the kept total up to what the rate gives for the time elapsed: under load a timer fires late, and a fixed
// amount per tick would then leak slower than asked.
const { isMainThread } = require('node:worker_threads');

const threads = (process.env.LEAK_THREADS ?? '').split(',');
const mbPerMinute = Number(process.env.LEAK_MB_PER_MINUTE ?? 0);
const TICK_MS = 100;

if (threads.includes(isMainThread ? 'main' : 'worker') && mbPerMinute > 0) {
  const doublesPerMs = (mbPerMinute * 1024 * 1024) / 60_000 / 8;
  const started = performance.now();
  const kept = [];
  let doubles = 0;
  setInterval(() => {
    const owed = Math.floor((performance.now() - started) * doublesPerMs) - doubles;
    if (owed <= 0) return;
    kept.push(new Array(owed).fill(0.5));
    doubles += owed;
  }, TICK_MS).unref();
}
