import { CliOutput } from '../cli-io';
import { count, duration } from './import/import-progress';

/**
 * The rebuild's progress on stderr, phase by phase (each announced on a line of its own), drawn as the import draws its own: how far into the log (the position reached
 * of the head's, when the rebuild began), events replayed per second, and an ETA at this run's pace (a resumed run
 * counts only what it replayed). On a terminal one line redraws itself, at most every 250 ms; elsewhere a whole
 * line every 5 s, so a log stays readable. The last state is always drawn.
 */
export class RebuildProgress {
  private readonly started = Date.now();
  private lastDrawn = 0;
  private drawn = false;
  private state = { position: 0, head: 0, replayed: 0 };

  constructor(
    private readonly out: CliOutput,
    private readonly verb: 'rebuilding' | 'resuming',
    private readonly tty: boolean,
  ) {}

  /** A new phase begins: announced at once, and its first batch drawn without waiting for the interval. */
  phase(name: string): void {
    if (this.tty && this.drawn) this.out.write('\n');
    this.out.write(`${this.verb}: ${name}\n`);
    this.drawn = false;
  }

  update(position: number, head: number, replayed: number): void {
    this.state = { position, head, replayed };
    const now = Date.now();
    // At the head the rebuild is about to finish, and `finish` draws the last line.
    if (position >= head || (this.drawn && now - this.lastDrawn < (this.tty ? 250 : 5_000))) return;
    this.draw(now, this.eta(now));
  }

  /** The end: every event up to `head` is in the read models. */
  finish(replayed: number, head: number): void {
    this.state = { position: head, head, replayed };
    this.draw(Date.now(), ', done');
    if (this.tty) this.out.write('\n');
  }

  private draw(now: number, end: string): void {
    this.lastDrawn = now;
    this.drawn = true;
    const { position, head, replayed } = this.state;
    const share = head === 0 ? 100 : Math.floor((100 * Math.min(position, head)) / head);
    const text = `${this.verb}: ${count(position)} of ${count(head)} (${share}%), ${count(this.rate(now, replayed))} events/s${end}`;
    this.out.write(this.tty ? `\r\x1b[K${text}` : `${text}\n`);
  }

  private rate(now: number, replayed: number): number {
    return Math.round((replayed * 1000) / Math.max(1, now - this.started));
  }

  /** The rest of the log at this run's pace, once there is a pace to go by. */
  private eta(now: number): string {
    const { position, head, replayed } = this.state;
    return replayed > 0 ? `, ETA ${duration(((head - Math.min(position, head)) * (now - this.started)) / replayed)}` : '';
  }
}
