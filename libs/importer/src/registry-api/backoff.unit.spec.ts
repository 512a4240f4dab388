import { DEFAULT_BACKOFF, backoffMs, retryAfterMs } from './backoff';

describe('backoffMs (equal jitter)', () => {
  it('given the first retry, then 0.5 to 1 s, half of it random', () => {
    expect([backoffMs(1, 0, DEFAULT_BACKOFF), backoffMs(1, 0.999, DEFAULT_BACKOFF)]).toEqual([500, expect.closeTo(999.5, 1)]);
  });

  it('given later retries, then the ceiling doubles each time up to 60 s, so a wait stays from 30 to 60 s', () => {
    expect([2, 3, 4].map((n) => backoffMs(n, 0, DEFAULT_BACKOFF))).toEqual([1000, 2000, 4000]);
    expect([backoffMs(7, 0, DEFAULT_BACKOFF), backoffMs(50, 0, DEFAULT_BACKOFF), backoffMs(50, 0.999, DEFAULT_BACKOFF)]).toEqual([
      30_000,
      30_000,
      expect.closeTo(59_970, 0),
    ]);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-03-15T12:00:00Z');

  it('given delay-seconds or an HTTP date, then the wait it asks for; a date past is no wait', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 15 Mar 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 15 Mar 2024 11:00:00 GMT', now)).toBe(0);
  });

  it('given no header or one that is neither, then null', () => {
    expect([retryAfterMs(null, now), retryAfterMs('', now), retryAfterMs('soon', now), retryAfterMs('-5', now)]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
