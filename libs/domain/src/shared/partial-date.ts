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
