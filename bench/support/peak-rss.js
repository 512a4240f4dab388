'use strict';
// Preloaded into the CLI by the registry-import bench: as the process exits, write its peak resident set size
// (getrusage's ru_maxrss, what the kernel saw at its highest, not a sample) to BENCH_PEAK_RSS_FILE, in bytes.
const { writeFileSync } = require('node:fs');

process.on('exit', () => writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));
