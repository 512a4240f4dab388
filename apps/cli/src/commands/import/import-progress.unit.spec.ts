import { ImportTally } from '@trial-ledger/trials';
import { ImportProgress } from './import-progress';

const tally = (entries: number, skipped = 0): ImportTally => ({
  entries,
  skipped,
  versions: entries - skipped,
  recorded: 0,
  newTrials: 0,
  issues: 0,
});

describe('ImportProgress', () => {
  let written: string[];
  const out = { write: (s: string) => written.push(s) };
  beforeEach(() => {
    written = [];
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => jest.useRealTimers());

  it('off a terminal writes a whole line at most every 5 s, with the ETA from the entries left at this pace', () => {
    const progress = new ImportProgress(out, { total: 100, fractionRead: () => 0 }, false);
    jest.advanceTimersByTime(1_000);
    progress.update(tally(10));
    jest.advanceTimersByTime(4_000);
    progress.update(tally(50));
    jest.advanceTimersByTime(1_000);
    progress.update(tally(60));
    progress.finish({ ...tally(100), interrupted: false });
    expect(written).toEqual([
      'importing: 10/100 entries, 10 versions, 10 studies/s, ETA 9 s\n',
      'importing: 60/100 entries, 60 versions, 10 studies/s, ETA 4 s\n',
      'importing: 100/100 entries, 100 versions, 17 studies/s, done\n',
    ]);
  });

  it('on a terminal redraws one line at most every 250 ms, cleared before a reported line', () => {
    const progress = new ImportProgress(out, { total: 10, fractionRead: () => 0 }, true);
    progress.clear();
    jest.advanceTimersByTime(100);
    progress.update(tally(1));
    jest.advanceTimersByTime(100);
    progress.update(tally(2));
    progress.clear();
    jest.advanceTimersByTime(150);
    progress.update(tally(3));
    progress.finish({ ...tally(3), interrupted: true });
    expect(written).toEqual([
      '\r\x1b[Kimporting: 1/10 entries, 1 versions, 10 studies/s, ETA 1 s',
      '\r\x1b[K',
      '\r\x1b[Kimporting: 3/10 entries, 3 versions, 9 studies/s, ETA 1 s',
      '\r\x1b[Kimporting: 3/10 entries, 3 versions, 9 studies/s, interrupted',
      '\n',
    ]);
  });

  it('does not count entries a resumed run skipped as pace', () => {
    const progress = new ImportProgress(out, { total: 1_000, fractionRead: () => 0 }, false);
    jest.advanceTimersByTime(10_000);
    progress.update(tally(510, 500));
    expect(written).toEqual(['importing: 510/1,000 entries, 10 versions, 1 studies/s, ETA 8 min 10 s\n']);
  });

  it('without a total (NDJSON) gives the ETA from the bytes read, from its second line on', () => {
    let fraction = 0.1;
    const progress = new ImportProgress(out, { total: null, fractionRead: () => fraction }, false);
    jest.advanceTimersByTime(5_000);
    progress.update(tally(10));
    fraction = 0.2;
    jest.advanceTimersByTime(5_000);
    progress.update(tally(20));
    expect(written).toEqual(
      ['importing: 10 entries, 10 versions, 2 studies/s', 'importing: 20 entries, 20 versions, 2 studies/s, ETA 1 min 20 s'].map(
        (l) => `${l}\n`,
      ),
    );
  });
});
