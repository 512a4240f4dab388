import { Figure } from './figures';
import { AppendShape, StoreSide, appendRound, eventsOf, readRound, seedStreams } from './store-workload';
import { bestOfAlternating, perSecond } from './timing';

export interface Comparison {
  suite: string;
  /** E.g. "SQLite", prefixed to every figure's name. */
  engine: string;
  ours: StoreSide;
  baseline: StoreSide;
  /** Measured rounds per side (after one warm-up round each). */
  rounds: number;
  target: Figure['target'];
}

const describe = (shape: AppendShape): string =>
  `append ${shape.eventsPerAppend} event${shape.eventsPerAppend > 1 ? 's' : ''}/append, ` +
  `${shape.writers} writer${shape.writers > 1 ? 's' : ''} on distinct streams`;

const figure = (c: Comparison, name: string, events: number, best: { ours: number; baseline: number }, notes: string): Figure => ({
  suite: c.suite,
  name: `${c.engine}: ${name}`,
  unit: 'events/s',
  higherIsBetter: true,
  ours: perSecond(events, best.ours),
  baseline: { label: c.baseline.label, value: perSecond(events, best.baseline) },
  target: c.target,
  notes: `best of ${c.rounds} alternating rounds of ${events} events each; ${notes}`,
});

/** Appends of one shape on both sides, alternately, after a warm-up round each. */
export const compareAppends = async (c: Comparison, shape: AppendShape, notes = ''): Promise<Figure> => {
  await appendRound(c.baseline, shape);
  await appendRound(c.ours, shape);
  const best = await bestOfAlternating(
    c.rounds,
    () => appendRound(c.ours, shape),
    () => appendRound(c.baseline, shape),
  );
  return figure(c, describe(shape), eventsOf(shape), best, `${shape.writers}×${shape.appendsPerWriter} appends${notes}`);
};

export interface ReadShape {
  streams: number;
  length: number;
  /** One figure per entry: how many read at once. */
  readers: number[];
}

/** Whole-stream reads of streams written once beforehand, the same streams on both sides, alternately. */
export const compareReads = async (c: Comparison, shape: ReadShape, notes = ''): Promise<Figure[]> => {
  const [oursIds, baselineIds] = [
    await seedStreams(c.ours, shape.streams, shape.length),
    await seedStreams(c.baseline, shape.streams, shape.length),
  ];
  const figures: Figure[] = [];
  for (const readers of shape.readers) {
    const round = (side: StoreSide, ids: string[]) => () => readRound(side, ids, shape.length, readers);
    await round(c.baseline, baselineIds)();
    await round(c.ours, oursIds)();
    const best = await bestOfAlternating(c.rounds, round(c.ours, oursIds), round(c.baseline, baselineIds));
    const name = `readStream of ${shape.length}-event streams, ${readers} reader${readers > 1 ? 's' : ''}`;
    figures.push(figure(c, name, shape.streams * shape.length, best, `${shape.streams} streams per round${notes}`));
  }
  return figures;
};
