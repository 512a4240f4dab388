/** Named in the summary; past that, a count of what --list would print. */
export const LISTED_TRIALS = 20;

/**
 * The trials an import recorded a version of, in the order first recorded: every one when asked for the full list,
 * else only the first LISTED_TRIALS (memory stays flat on a registry-wide import).
 */
export class RecordedTrials {
  private readonly trials = new Set<string>();
  private more = false;

  constructor(private readonly all: boolean) {}

  add(nctId: string): void {
    if (this.trials.has(nctId)) return;
    if (this.all || this.trials.size < LISTED_TRIALS) this.trials.add(nctId);
    else this.more = true;
  }

  /** The line after the summary; with the full list, its count and then one trial a line. */
  lines(): string {
    const ids = [...this.trials];
    if (this.all) return `trials recorded: ${ids.length}\n${ids.map((id) => `${id}\n`).join('')}`;
    if (ids.length === 0) return 'trials recorded: none\n';
    return `trials recorded: ${ids.join(', ')}${this.more ? ' and more (--list prints every one)' : ''}\n`;
  }
}
