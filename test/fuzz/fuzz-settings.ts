import { randomInt } from 'node:crypto';

/** The seed `npm test` replays, so that a failure there is the same failure on every machine. */
export const FIXED_SEED = 20250115;

/**
 * The seed of a fuzz spec: FIXED_SEED unless FUZZ_SEED names one, or says `random` (as `npm run test:fuzz` does) for a
 * fresh one each run. The specs print the seed they used: FUZZ_SEED=<it> with the same runs replays a failure.
 */
export const fuzzSeed = (): number => {
  const asked = process.env.FUZZ_SEED ?? '';
  if (asked === '') return FIXED_SEED;
  if (asked === 'random') return randomInt(2 ** 31 - 1);
  const seed = Number(asked);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${JSON.stringify(asked)}`);
  return seed;
};

/** Runs from the environment variable, else `fixed`: what `npm test` runs. */
export const fuzzRuns = (variable: string, fixed: number): number => {
  const asked = process.env[variable] ?? '';
  const runs = asked === '' ? fixed : Number(asked);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`${variable} must be a positive integer, not ${JSON.stringify(asked)}`);
  return runs;
};
