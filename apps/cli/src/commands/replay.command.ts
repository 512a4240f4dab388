import { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { DomainError, isNctId, isPartialDate } from '@trial-ledger/domain';
import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { ProblemException } from '@trial-ledger/platform';
import { GetStateAtQuery, ISO_INSTANT, ReplayPoint, TrialStateAt } from '@trial-ledger/trials';
import { ReplayedTrial, replaySteps, trialStreamId } from '@trial-ledger/ledger';
import { CliIo, CliOutput } from '../cli-io';

const USAGE = 'usage: npm run cli -- replay <nctId> [--revision <n> | --as-of <ISO-8601 instant, e.g. 2024-01-31T12:00:00Z>]';

type Parsed = { nctId: string; at: ReplayPoint } | { error: string };

const point = (revision: string | undefined, asOf: string | undefined): ReplayPoint | { error: string } => {
  if (revision !== undefined && asOf !== undefined) return { error: 'give either --revision or --as-of, not both' };
  if (revision !== undefined) {
    const n = Number(revision);
    if (/^[1-9]\d*$/.test(revision) && Number.isSafeInteger(n)) return { revision: n };
    return { error: `--revision must be a positive integer, not "${revision}"` };
  }
  // No point given: the caller prints the state after every event.
  if (asOf === undefined) return { latest: true };
  const instant = new Date(asOf);
  // The zone is required, so that "as of" never depends on the machine's local time; the calendar check is
  // there because Date rolls a day that does not exist (2025-02-30) over into the next month instead of failing.
  if (!ISO_INSTANT.test(asOf) || Number.isNaN(instant.getTime()) || !isPartialDate(asOf.slice(0, 10))) {
    return { error: `--as-of must be an ISO-8601 instant with a zone, e.g. 2024-01-31T12:00:00Z, not "${asOf}"` };
  }
  return { asOf: instant };
};

const parse = (args: string[]): Parsed => {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { revision: { type: 'string' }, 'as-of': { type: 'string' } } });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) return { error: 'name exactly one trial' };
  if (!isNctId(positionals[0])) return { error: `"${positionals[0]}" is not an NCT ID (NCT followed by eight digits)` };
  const at = point(values.revision, values['as-of']);
  return 'error' in at ? at : { nctId: positionals[0], at };
};

/** Indented under its header line, so that headers stay the only lines starting in column one. */
const stateBlock = (state: ReplayedTrial): string =>
  `${JSON.stringify(state, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}\n`;

const utc = (instant: string): string => new Date(instant).toISOString();

const header = ({ revision, type, metadata: m }: RecordedEvent): string =>
  `revision ${revision} | ${type} | recorded ${utc(m.recordedAt)} | actor ${m.actor} (${m.role}) | ` +
  `effective ${m.effectiveDate ?? '-'} | reason: ${m.reason ?? '(none)'}\n`;

const printEveryEvent = async (store: EventStore, nctId: string, io: CliIo): Promise<number> => {
  const events = await store.readStream(trialStreamId(nctId));
  if (events.length === 0) return fail(io.stderr, 1, `Trial ${nctId} is not registered`);
  for (const { event, state } of replaySteps(events)) io.stdout.write(header(event) + stateBlock(state));
  return 0;
};

/** The state-at query itself, so that the CLI and GET /trials/{nctId}/state cannot answer differently. */
const printAt = async (queryBus: QueryBus, nctId: string, at: ReplayPoint, io: CliIo): Promise<number> => {
  let result: TrialStateAt;
  try {
    result = await queryBus.execute(new GetStateAtQuery(nctId, at));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'TRIAL_NOT_FOUND') return fail(io.stderr, 1, error.message);
    if (error instanceof ProblemException) return fail(io.stderr, 2, `--${error.problem.detail ?? error.message}`);
    throw error;
  }
  const asOf = 'asOf' in at ? ` as of ${at.asOf.toISOString()}:` : '';
  io.stdout.write(`${nctId}${asOf} at revision ${result.revision} (recorded ${utc(result.recordedAt)})\n${stateBlock(result.state)}`);
  return 0;
};

const fail = (stderr: CliOutput, code: number, message: string): number => {
  stderr.write(`${message}\n`);
  return code;
};

/**
 * Prints the trial's state after each of its events, or only at `--revision` / `--as-of`. Exit 2 for bad
 * arguments (or a revision the trial never reached), 1 for a trial that is not registered (at that instant).
 */
export const replayCommand = async (app: INestApplicationContext, args: string[], io: CliIo): Promise<number> => {
  const parsed = parse(args);
  if ('error' in parsed) return fail(io.stderr, 2, `${parsed.error}\n${USAGE}`);
  if ('latest' in parsed.at) return printEveryEvent(app.get(EventStore), parsed.nctId, io);
  return printAt(app.get(QueryBus), parsed.nctId, parsed.at, io);
};
