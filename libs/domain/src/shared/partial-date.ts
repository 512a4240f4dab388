/**
 * ClinicalTrials.gov states dates with the precision the sponsor knew: `yyyy`, `yyyy-MM` or `yyyy-MM-dd`.
 * We keep that precision instead of inventing a day or month that was never recorded.
 */
export type PartialDate = string;

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export const isPartialDate = (value: unknown): value is PartialDate => {
  if (typeof value !== 'string') return false;
  const match = PARTIAL_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  // The floor applies at every precision; checking it only for bare years let `0021-01` through.
  if (Number(year) < 1900) return false;
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  const lastDay = new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  return d >= 1 && d <= lastDay;
};

/** The first instant a partial date can denote, in UTC; used to order and compare dates. */
export const partialDateStart = (value: PartialDate): Date => {
  const [year, month = '01', day = '01'] = value.split('-');
  return new Date(`${year}-${month}-${day}T00:00:00.000Z`);
};

/** Orders partial dates by their first day: `2024-02` sorts with 2024-02-01, before `2024-02-10`. */
export const comparePartialDates = (a: PartialDate, b: PartialDate): number =>
  partialDateStart(a).getTime() - partialDateStart(b).getTime();

/** Whole months later, at the same precision; a day past the target month's end becomes its last day. */
export const addMonths = (value: PartialDate, months: number): PartialDate => {
  const [year, month, day] = value.split('-');
  if (month === undefined) return String(Number(year) + Math.trunc(months / 12)).padStart(4, '0');
  const index = Number(year) * 12 + Number(month) - 1 + months;
  const y = String(Math.floor(index / 12)).padStart(4, '0');
  const m = String((index % 12) + 1).padStart(2, '0');
  if (day === undefined) return `${y}-${m}`;
  const lastDay = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
  return `${y}-${m}-${String(Math.min(Number(day), lastDay)).padStart(2, '0')}`;
};
