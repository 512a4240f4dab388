import { isNctId } from './nct-id';

describe('isNctId', () => {
  it.each(['NCT06171906', 'NCT00000000', 'NCT99999999'])('accepts %p', (value) => expect(isNctId(value)).toBe(true));

  it.each([
    ['NCT0617190', 'seven digits'],
    ['NCT061719060', 'nine digits'],
    ['nct06171906', 'a lower-case prefix'],
    ['NCT0617190A', 'a letter among the digits'],
    [' NCT06171906', 'a leading space'],
    ['NCT06171906\n', 'a trailing newline'],
    ['NCT０６１７１９０６', 'non-ASCII digits'],
    ['06171906', 'no prefix'],
    ['', 'an empty string'],
  ])('refuses %p: %s', (value) => expect(isNctId(value)).toBe(false));

  it.each([6171906, null, undefined, { nctId: 'NCT06171906' }])('refuses the non-string %p', (value) => {
    expect(isNctId(value)).toBe(false);
  });
});
