import { RebuildProgress } from './rebuild-progress';

describe('RebuildProgress', () => {
  let written: string[];
  const out = { write: (s: string) => written.push(s) };
  beforeEach(() => {
    written = [];
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => jest.useRealTimers());

  it('off a terminal writes a whole line at most every 5 s: position of the head, events/s and the ETA at this pace', () => {
    const progress = new RebuildProgress(out, 'rebuilding', false);
    jest.advanceTimersByTime(1_000);
    progress.update(20_000, 100_000, 20_000);
    jest.advanceTimersByTime(4_000);
    progress.update(80_000, 100_000, 80_000);
    jest.advanceTimersByTime(1_000);
    progress.update(90_000, 100_000, 90_000);
    progress.finish(100_000, 100_000);
    expect(written).toEqual([
      'rebuilding: 20,000 of 100,000 (20%), 20,000 events/s, ETA 4 s\n',
      'rebuilding: 90,000 of 100,000 (90%), 15,000 events/s, ETA 1 s\n',
      'rebuilding: 100,000 of 100,000 (100%), 16,667 events/s, done\n',
    ]);
  });

  it('resumed, goes by the pace of the events it replayed, not by where it began; at the head leaves the line to finish', () => {
    const progress = new RebuildProgress(out, 'resuming', false);
    jest.advanceTimersByTime(2_000);
    progress.update(60_000, 100_000, 10_000);
    jest.advanceTimersByTime(6_000);
    progress.update(100_000, 100_000, 50_000);
    expect(written).toEqual(['resuming: 60,000 of 100,000 (60%), 5,000 events/s, ETA 8 s\n']);
  });

  it('on a terminal redraws one line at most every 250 ms and ends it when done', () => {
    const progress = new RebuildProgress(out, 'rebuilding', true);
    progress.update(1, 4, 1);
    jest.advanceTimersByTime(100);
    progress.update(2, 4, 2);
    jest.advanceTimersByTime(200);
    progress.update(3, 4, 3);
    progress.finish(4, 4);
    expect(written.map((line) => line.replace(/, [\d,]+ events\/s.*$/, ''))).toEqual([
      '\r\x1b[Krebuilding: 1 of 4 (25%)',
      '\r\x1b[Krebuilding: 3 of 4 (75%)',
      '\r\x1b[Krebuilding: 4 of 4 (100%)',
      '\n',
    ]);
  });

  it('announces each phase on a line of its own and draws the next batch at once', () => {
    const progress = new RebuildProgress(out, 'rebuilding', false);
    progress.phase('build');
    progress.update(1, 4, 1);
    progress.phase('catch-up');
    progress.update(2, 5, 2);
    expect(written.map((line) => line.replace(/, [\d,]+ events\/s.*\n$/, ''))).toEqual([
      'rebuilding: build\n',
      'rebuilding: 1 of 4 (25%)',
      'rebuilding: catch-up\n',
      'rebuilding: 2 of 5 (40%)',
    ]);
  });
});
