import { isPartialDate, partialDateStart } from './partial-date';

describe('isPartialDate', () => {
  it.each(['2021', '2021-01', '2021-12', '2021-01-31', '2020-02-29', '2000-02-29', '1900', '1900-01-01', '9999-12-31'])(
    'accepts %p',
    (value) => expect(isPartialDate(value)).toBe(true),
  );

  it.each([
    ['2021-02-30', 'a day the month does not have'],
    ['2021-02-29', 'February 29 outside a leap year'],
    ['1900-02-29', 'February 29 of a century that is not a leap year'],
    ['2021-04-31', 'the 31st of a 30-day month'],
    ['2021-13', 'month 13'],
    ['2021-00', 'month 0'],
    ['2021-01-00', 'day 0'],
    ['21-01', 'a two-digit year'],
    ['2021-1', 'a one-digit month'],
    ['2021-01-1', 'a one-digit day'],
    ['1899', 'a year before 1900'],
    ['1899-12-31', 'a full date before 1900'],
    ['0021-01', 'a year-month before 1900'],
    [' 2021', 'surrounding spaces'],
    ['2021/01/15', 'another separator'],
    ['2021-01-15T00:00', 'a time part'],
    ['', 'an empty string'],
  ])('refuses %p: %s', (value) => expect(isPartialDate(value)).toBe(false));

  it.each([2021, null, undefined, new Date('2021-01-01')])('refuses the non-string %p', (value) => {
    expect(isPartialDate(value)).toBe(false);
  });
});

describe('partialDateStart', () => {
  it.each([
    ['2021', '2021-01-01T00:00:00.000Z'],
    ['2021-07', '2021-07-01T00:00:00.000Z'],
    ['2021-07-15', '2021-07-15T00:00:00.000Z'],
  ])('reads %p as the first instant it can denote, in UTC', (value, iso) => {
    expect(partialDateStart(value).toISOString()).toBe(iso);
  });
});
