import { HistoryEntry } from './trial-history.projection';

/**
 * What an auditor narrows a trial's history to. Every part is optional and the parts combine with AND.
 * The time range is half-open, [from, to), on the recorded time, so that consecutive windows (one per
 * month, say) cover every entry exactly once.
 */
export interface HistoryFilter {
  types?: readonly string[];
  /** The authenticated subject that recorded the event, matched exactly. */
  actor?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** The filter as an export records it: every key present, null where nothing was asked, instants in UTC. */
export interface AppliedFilters {
  type: string[] | null;
  actor: string | null;
  from: string | null;
  to: string | null;
}

const matches =
  (filter: HistoryFilter) =>
  (entry: HistoryEntry): boolean => {
    const recordedAt = Date.parse(entry.recordedAt);
    return (
      (filter.types === undefined || filter.types.includes(entry.type)) &&
      (filter.actor === undefined || entry.actor === filter.actor) &&
      (filter.from === undefined || recordedAt >= filter.from.getTime()) &&
      (filter.to === undefined || recordedAt < filter.to.getTime())
    );
  };

/** Filtered here, over the read model's entries, so that every read-model adapter answers alike. */
export const filterHistory = (entries: HistoryEntry[], filter: HistoryFilter): HistoryEntry[] => entries.filter(matches(filter));

export const appliedFilters = (filter: HistoryFilter): AppliedFilters => ({
  type: filter.types === undefined ? null : [...filter.types],
  actor: filter.actor ?? null,
  from: filter.from?.toISOString() ?? null,
  to: filter.to?.toISOString() ?? null,
});
