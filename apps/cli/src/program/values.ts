import { InvalidArgumentError } from 'commander';

/** A flag's value as a whole number within bounds; anything else is refused before the command runs. */
export const wholeNumber =
  (min: number, max: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (/^\d+$/.test(raw) && Number.isSafeInteger(n) && n >= min && n <= max) return n;
    throw new InvalidArgumentError(`It must be a whole number from ${min} to ${max}.`);
  };

/** A flag's value as a number within (min, max]. */
export const positiveNumber =
  (max: number, unit: string) =>
  (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(n) && n > 0 && n <= max) return n;
    throw new InvalidArgumentError(`It must be ${unit}, more than 0 and at most ${max}.`);
  };
