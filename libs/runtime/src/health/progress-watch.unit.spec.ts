import { ProgressWatch } from './progress-watch';

describe('ProgressWatch', () => {
  let now: number;
  let watch: ProgressWatch;
  beforeEach(() => {
    now = 1_000;
    watch = new ProgressWatch(30_000, () => now);
  });

  it('given read models behind at one position, when the threshold passes without them moving, then it reports the stall', () => {
    expect(watch.observe(40, 3)).toBeNull();
    now += 29_999;
    expect(watch.observe(40, 5)).toBeNull();
    now += 1;
    expect(watch.observe(40, 7)).toEqual({ position: 40, lag: 7, forMs: 30_000 });
  });

  it('given a stall, when the read models move, then the wait starts again from the new position', () => {
    watch.observe(40, 3);
    now += 45_000;
    expect(watch.observe(40, 3)).not.toBeNull();
    expect(watch.observe(41, 2)).toBeNull();
    now += 29_000;
    expect(watch.observe(41, 2)).toBeNull();
    now += 1_000;
    expect(watch.observe(41, 2)).toEqual({ position: 41, lag: 2, forMs: 30_000 });
  });

  it('given an idle log, when a command lands long after the read models last moved, then the wait starts at that probe', () => {
    expect(watch.observe(40, 0)).toBeNull();
    now += 3_600_000;
    expect(watch.observe(40, 0)).toBeNull();
    expect(watch.observe(40, 1)).toBeNull();
    now += 29_999;
    expect(watch.observe(40, 1)).toBeNull();
  });

  it('given read models that caught up, when events arrive again at the same position, then the earlier wait does not count', () => {
    watch.observe(40, 1);
    now += 20_000;
    expect(watch.observe(40, 0)).toBeNull();
    now += 20_000;
    expect(watch.observe(40, 1)).toBeNull();
  });
});
