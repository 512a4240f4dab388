import { AccessLog } from './access-log.port';

/** An event of the trial's stream that the read models passed over by an operator's decision, and why. */
export interface SkippedEventMark {
  position: number;
  type: string;
  reason: string;
  skippedBy: string;
  skippedAt: string;
}

// A trial has at most a handful of skips; more than this many would be a fault of its own, and all are still in the access log.
const MAX_MARKS = 100;

/**
 * The skips recorded for a trial, for the answers built from its read models: what they show leaves those events
 * out, and says so here rather than silently.
 */
export const skippedEventMarks = async (log: AccessLog, nctId: string): Promise<SkippedEventMark[]> => {
  const { items } = await log.list({ nctId, action: 'projection.skip', limit: MAX_MARKS, offset: 0 });
  return items.map(({ parameters: p, actor, at }) => ({
    position: Number(p.position),
    type: String(p.type),
    reason: String(p.reason),
    skippedBy: actor,
    skippedAt: at,
  }));
};

/** The answer with its marks, when it has any; an answer with none is left exactly as it was. */
export const withSkippedEventMarks = async <T extends object>(
  log: AccessLog,
  nctId: string,
  answer: T,
): Promise<T & { skippedEvents?: SkippedEventMark[] }> => {
  const marks = await skippedEventMarks(log, nctId);
  return marks.length > 0 ? { ...answer, skippedEvents: marks } : answer;
};
