import { addMonths, comparePartialDates } from '@trial-ledger/domain';
import { unknownCutoff } from './trial-compliance.today';
import { isoStart } from './trial-compliance.projection';

const DAY = 86_400_000;
const days = (from: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => new Date(Date.parse(`${from}T00:00:00.000Z`) + i * DAY).toISOString().slice(0, 10));

/** Every verified date of one precision in the three years around the cutoff: each day, each month or each year. */
const verifiedDates = (today: string, months: number, precision: number): string[] => {
  const from = `${addMonths(today.slice(0, 7), -months - 18)}-01`;
  return [...new Set(days(from, 3 * 366).map((d) => d.slice(0, [0, 4, 7, 10][precision])))];
};

describe('unknownCutoff: UNKNOWN derived from a verification as an indexed range', () => {
  it.each([
    ['2022-02-28', 24],
    ['2022-03-31', 24],
    ['2021-12-31', 7],
    ['2022-01-01', 30],
    ['2022-02-28', 1],
    ['2024-02-29', 12],
  ])('on %s with %i months: a verified date is at or before the cutoff exactly when the policy derives UNKNOWN', (today, months) => {
    for (const precision of [1, 2, 3]) {
      const cutoff = unknownCutoff(today, precision, { openStatuses: ['RECRUITING'], monthsWithoutVerification: months });
      const lapsed = verifiedDates(today, months, precision).map((v) => [v, comparePartialDates(today, addMonths(v, months)) >= 0]);
      // Both sides of the cutoff are in the window, so the comparison below can fail either way.
      expect(new Set(lapsed.map(([, l]) => l))).toEqual(new Set([true, false]));
      for (const [verified, expected] of lapsed) expect([verified, isoStart(verified as string) <= cutoff]).toEqual([verified, expected]);
    }
  });
});
