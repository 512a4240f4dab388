import { CatchUpReport } from './catch-up-report';

/** A log of `head` events at positions 1..head, with gaps where asked, and read models at `position`. */
const world = (head: number, gaps: number[] = []) => {
  const positions = Array.from({ length: head }, (_, i) => i + 1).filter((p) => !gaps.includes(p));
  const state = { position: 0, positions };
  const store = { countEventsAfter: async (after: number, limit: number) => Math.min(limit, positions.filter((p) => p > after).length) };
  return { state, store, readModel: { position: async () => state.position } };
};

describe('CatchUpReport', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => jest.useRealTimers());

  it('given read models behind, logs how far behind, then the pace and ETA, then that they caught up, and falls silent', async () => {
    const { state, store, readModel } = world(30_000, [5, 6, 7]);
    const report = new CatchUpReport(store, readModel, (line) => lines.push(line), 60_000);
    report.start();
    await jest.advanceTimersByTimeAsync(0);
    state.position = 10_000;
    await jest.advanceTimersByTimeAsync(2_000);
    await report.report();
    state.position = 30_000;
    await jest.advanceTimersByTimeAsync(1_000);
    await report.report();
    await report.report();
    expect(lines).toEqual([
      'Read models catching up: 29,997 events behind',
      'Read models catching up: 20,000 events behind, 4,999 events/s, ETA 4 s',
      'Read models caught up at position 30,000',
    ]);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(lines).toHaveLength(3);
  });

  it('given read models already current, logs nothing', async () => {
    const { state, store, readModel } = world(10);
    state.position = 10;
    const report = new CatchUpReport(store, readModel, (line) => lines.push(line), 1_000);
    report.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(lines).toEqual([]);
  });

  it('reports on its own every interval while behind, and stops when told', async () => {
    const { store, readModel } = world(10);
    const report = new CatchUpReport(store, readModel, (line) => lines.push(line), 1_000);
    report.start();
    await jest.advanceTimersByTimeAsync(2_500);
    report.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(lines).toEqual([
      'Read models catching up: 10 events behind',
      'Read models catching up: 10 events behind, 0 events/s',
      'Read models catching up: 10 events behind, 0 events/s',
    ]);
  });
});
