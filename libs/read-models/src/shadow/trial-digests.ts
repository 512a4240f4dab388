import { createHash } from 'node:crypto';
import { ModelComparison, TableCount } from './shadow-read-models.port';

/** Where a trial's view stands: its revision and the position of its last event. */
export interface TrialMark {
  revision: number;
  position: number;
}

/** One side's facts: each trial's mark in the view, and a digest of all its rows across the read models. */
export interface SideDigests {
  revisions: Map<string, TrialMark>;
  digests: Map<string, string>;
}

/**
 * Folds rows, ordered by trial, into one digest per trial: each table's rows of a trial hash into the trial's
 * running digest, table after table in a fixed order, so two sides holding the same rows get the same digest.
 */
export class TrialDigester {
  private readonly parts = new Map<string, string[]>();

  /** `rows` must come in trial order; each row's values are hashed as JSON, in the order given. */
  addTable(table: string, rows: Iterable<{ nctId: string; values: unknown[] }>): void {
    let current: string | null = null;
    let hash = createHash('sha256');
    const close = () => {
      if (current === null) return;
      const list = this.parts.get(current) ?? [];
      list.push(`${table}:${hash.digest('hex')}`);
      this.parts.set(current, list);
    };
    for (const row of rows) {
      if (row.nctId !== current) {
        close();
        current = row.nctId;
        hash = createHash('sha256');
      }
      hash.update(JSON.stringify(row.values));
    }
    close();
  }

  digests(): Map<string, string> {
    return new Map([...this.parts].map(([nctId, list]) => [nctId, createHash('sha256').update(list.join('\n')).digest('hex')]));
  }
}

/**
 * Compares two sides trial by trial. A trial at different revisions moved on one side while the other was read; so
 * did a trial whose last event lies past `liveAt`, the lowest live checkpoint: each live projection commits on its
 * own, so its view may be ahead of its history. A trial only the live side holds differs, unless its last event lies
 * past the shadow's position (`shadowAt`).
 */
export const compareSides = (
  tables: TableCount[],
  live: SideDigests,
  shadow: SideDigests,
  { liveAt, shadowAt }: { liveAt: number; shadowAt: number },
): ModelComparison => {
  let compared = 0;
  let notCompared = 0;
  const differing: string[] = [];
  for (const [nctId, mark] of live.revisions) {
    const other = shadow.revisions.get(nctId);
    if (other === undefined && mark.position <= shadowAt) differing.push(nctId);
    else if (other === undefined || other.revision !== mark.revision || mark.position > liveAt) notCompared += 1;
    else {
      compared += 1;
      if (live.digests.get(nctId) !== shadow.digests.get(nctId)) differing.push(nctId);
    }
  }
  for (const nctId of shadow.revisions.keys()) if (!live.revisions.has(nctId)) notCompared += 1;
  return { tables, compared, notCompared, differing: differing.sort() };
};
