import { ImportOutcome, ImportTally } from '@trial-ledger/trials';
import { CliOutput } from '../../cli-io';

export const count = (n: number): string => n.toLocaleString('en-US');

export const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

export interface ProgressSource {
  /** Entries in the input, when known up front. */
  total: number | null;
  /** Share of the input read, 0 to 1 (bytes, for NDJSON). */
  fractionRead(): number;
}

/**
 * The import's progress on stderr: entries done (of how many, when known), versions imported per second, and an
 * ETA at this run's pace: from the entries left when their number is known (a resumed run's skipped entries are
 * not counted as pace), else from the bytes left (NDJSON), from the second line on. On a terminal one line redraws
 * itself (at most every 250 ms); elsewhere, when asked with --progress, a whole line every 5 s, so a log stays
 * readable.
 */
export class ImportProgress {
  private readonly started = Date.now();
  private startFraction: number | null = null;
  private lastDrawn = 0;
  private drawn = false;

  constructor(
    private readonly out: CliOutput,
    private readonly source: ProgressSource,
    private readonly tty: boolean,
  ) {}

  update(tally: Readonly<ImportTally>): void {
    const now = Date.now();
    if (this.drawn && now - this.lastDrawn < (this.tty ? 250 : 5_000)) return;
    this.draw(tally, now, this.eta(tally, now - this.started));
    this.startFraction ??= this.source.fractionRead();
  }

  /** Before a reported line: a terminal's progress line is cleared so the line is not written into it. */
  clear(): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[K');
  }

  /** The last state, always drawn, and the line ended. */
  finish(outcome: Readonly<ImportOutcome>): void {
    this.draw(outcome, Date.now(), outcome.interrupted ? ', interrupted' : ', done');
    if (this.tty) this.out.write('\n');
  }

  private draw(tally: Readonly<ImportTally>, now: number, end: string): void {
    this.lastDrawn = now;
    this.drawn = true;
    const elapsed = Math.max(1, now - this.started);
    const total = this.source.total === null ? '' : `/${count(this.source.total)}`;
    const rate = Math.round((tally.versions * 1000) / elapsed);
    const text = `importing: ${count(tally.entries)}${total} entries, ${count(tally.versions)} versions, ${count(rate)} studies/s${end}`;
    this.out.write(this.tty ? `\r\x1b[K${text}` : `${text}\n`);
  }

  /** The time the rest takes at this run's pace so far, when there is a pace to go by. */
  private eta(tally: Readonly<ImportTally>, elapsed: number): string {
    const { total } = this.source;
    if (total !== null) {
      const done = tally.entries - tally.skipped;
      return done > 0 ? `, ETA ${duration(((total - tally.entries) * elapsed) / done)}` : '';
    }
    const fraction = this.source.fractionRead();
    const done = fraction - (this.startFraction ?? fraction);
    return done > 0 ? `, ETA ${duration(((1 - fraction) * elapsed) / done)}` : '';
  }
}
