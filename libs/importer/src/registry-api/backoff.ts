export interface BackoffSettings {
  /** The first retry's ceiling; each further one doubles it, up to maxMs. */
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { initialMs: 1_000, maxMs: 60_000 };

/**
 * The wait before retry number `retry` (1 for the first): exponential, capped, with half of it random ("equal
 * jitter"), so that clients turned away together do not come back together, and none comes back at once.
 */
export const backoffMs = (retry: number, random: number, { initialMs, maxMs }: BackoffSettings): number => {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(0, retry - 1), 30));
  return ceiling / 2 + (random * ceiling) / 2;
};

/**
 * What a Retry-After header asks for, in ms from `now`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when
 * absent or neither.
 */
export const retryAfterMs = (header: string | null, now: number): number | null => {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names its day and month; Date.parse alone would take "-5" for a year.
  const at = /^[A-Za-z]{3}, /.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
};
