import { InvalidArgumentError } from 'commander';
import { isNctId } from '@trial-ledger/domain';

/** A trial argument: an NCT ID, or refused before the command opens any store. */
export const nctIdArgument = (raw: string): string => {
  if (isNctId(raw)) return raw;
  throw new InvalidArgumentError('It must be an NCT ID: NCT followed by eight digits, e.g. NCT06171906.');
};
