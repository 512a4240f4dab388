'use strict';
// jest's own order: files that failed last time first, then files it has no time for, then the rest longest first,
// so that two workers finish together. Files without a recorded time it orders by size, which on a clean clone (CI,
// an emptied cache) put the e2e files last: they are short, yet each starts servers and processes, and the last of
// them ran alone on one worker while the other sat idle. Among the files without a time, this sequencer runs e2e
// before int before unit, and by size within a project; everything else is jest's.
const Sequencer = require('@jest/test-sequencer').default;

const PROJECT_WEIGHT = { e2e: 2, int: 1, unit: 0 };

const weightOf = (test) => PROJECT_WEIGHT[test.context.config.displayName?.name] ?? 0;

class HeavyFirstSequencer extends Sequencer {
  sort(tests) {
    const sizes = new Map();
    const sizeOf = (test) => {
      if (!sizes.has(test.path)) sizes.set(test.path, test.context.hasteFS.getSize(test.path) ?? 0);
      return sizes.get(test.path);
    };
    tests.forEach((test) => {
      test.duration = this.time(test);
    });
    const untimed = (test) => test.duration == null;
    return tests.sort((a, b) => {
      if (this.hasFailed(a) !== this.hasFailed(b)) return this.hasFailed(a) ? -1 : 1;
      if (untimed(a) !== untimed(b)) return untimed(a) ? -1 : 1;
      if (!untimed(a)) return b.duration - a.duration;
      return weightOf(b) - weightOf(a) || sizeOf(b) - sizeOf(a);
    });
  }
}

module.exports = HeavyFirstSequencer;
