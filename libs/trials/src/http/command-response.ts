import { CommandResult } from '@trial-ledger/ledger';

type HeaderSink = { header(name: string, value: string): unknown };

/**
 * Every command answers with the trial's new revision as its entity tag, ready for the next If-Match, and with the
 * result alone: the appended events are read from the history, where they come with who, when and why.
 */
export const commandResponse = (res: HeaderSink, result: CommandResult, location?: string): CommandResult => {
  res.header('ETag', `"${result.revision}"`);
  if (location) res.header('Location', location);
  if (result.replayed) res.header('Idempotent-Replayed', 'true');
  const { nctId, revision, position, eventIds, replayed } = result;
  return { nctId, revision, position, eventIds, replayed };
};
