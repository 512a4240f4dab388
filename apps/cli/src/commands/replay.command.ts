import { INestApplicationContext } from '@nestjs/common';
import { userInfo } from 'node:os';
import { QueryBus } from '@nestjs/cqrs';
import { InvalidArgumentError, Option } from 'commander';
import { DomainError, isPartialDate } from '@trial-ledger/domain';
import { EventStore, RecordedEvent } from '@trial-ledger/event-store';
import { ProblemException } from '@trial-ledger/platform';
import { AccessLog, GetStateAtQuery, ISO_INSTANT, ReplayPoint, TrialStateAt, parametersOf, recordAccess } from '@trial-ledger/trials';
import { Clock, ReplayedTrial, replaySteps, trialStreamId } from '@trial-ledger/ledger';
import { CliIo, CliOutput } from '../cli-io';
import { CliCommand } from '../program/cli-command';
import { EXIT } from '../program/exit-codes';
import { nctIdArgument } from '../program/nct-id';
import { changeLine, stateChanges } from './replay/state-diff';

interface ReplayOptions {
  revision?: number;
  asOf?: Date;
  full?: boolean;
  actor: string;
}

const revisionValue = (raw: string): number => {
  const n = Number(raw);
  if (/^[1-9]\d*$/.test(raw) && Number.isSafeInteger(n)) return n;
  throw new InvalidArgumentError('It must be a positive whole number.');
};

const instantValue = (raw: string): Date => {
  const instant = new Date(raw);
  // The zone is required, so that "as of" never depends on the machine's local time; the calendar check is
  // there because Date rolls a day that does not exist (2025-02-30) over into the next month instead of failing.
  if (ISO_INSTANT.test(raw) && !Number.isNaN(instant.getTime()) && isPartialDate(raw.slice(0, 10))) return instant;
  throw new InvalidArgumentError('It must be an ISO-8601 instant with a zone, e.g. 2024-01-31T12:00:00Z.');
};

/** Indented under its header line, so that headers stay the only lines starting in column one. */
const stateBlock = (state: ReplayedTrial): string =>
  `${JSON.stringify(state, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}\n`;

/** Only what the event changed, one line per field; an event that changed nothing visible says so. */
const changesBlock = (before: ReplayedTrial | undefined, after: ReplayedTrial): string => {
  // Before the first event there is no trial: every field is new.
  const lines = stateChanges(before ?? {}, after).map(changeLine);
  return `${(lines.length > 0 ? lines : ['  (no change to the state)']).join('\n')}\n`;
};

const utc = (instant: string): string => new Date(instant).toISOString();

const header = ({ revision, type, metadata: m }: RecordedEvent): string =>
  `revision ${revision} | ${type} | recorded ${utc(m.recordedAt)} | actor ${m.actor} (${m.role}) | ` +
  `effective ${m.effectiveDate ?? '-'} | reason: ${m.reason ?? '(none)'}\n`;

const fail = (stderr: CliOutput, code: number, message: string): number => {
  stderr.write(`${message}\n`);
  return code;
};

const printEveryEvent = async (store: EventStore, nctId: string, full: boolean, io: CliIo): Promise<number> => {
  const events = await store.readStream(trialStreamId(nctId));
  if (events.length === 0) return fail(io.stderr, EXIT.problem, `Trial ${nctId} is not registered`);
  let before: ReplayedTrial | undefined;
  for (const { event, state } of replaySteps(events)) {
    io.stdout.write(header(event) + (full ? stateBlock(state) : changesBlock(before, state)));
    before = state;
  }
  return EXIT.ok;
};

/** The state-at query itself, so that the CLI and GET /trials/{nctId}/state cannot answer differently. */
const printAt = async (queryBus: QueryBus, nctId: string, at: ReplayPoint, io: CliIo): Promise<number> => {
  let result: TrialStateAt;
  try {
    result = await queryBus.execute(new GetStateAtQuery(nctId, at));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'TRIAL_NOT_FOUND') return fail(io.stderr, EXIT.problem, error.message);
    if (error instanceof ProblemException) return fail(io.stderr, EXIT.usage, `--${error.problem.detail ?? error.message}`);
    throw error;
  }
  const asOf = 'asOf' in at ? ` as of ${at.asOf.toISOString()}:` : '';
  io.stdout.write(`${nctId}${asOf} at revision ${result.revision} (recorded ${utc(result.recordedAt)})\n${stateBlock(result.state)}`);
  return EXIT.ok;
};

/** Recorded before the read, so a replay is on the record even when its output is cut short or the trial is unknown. */
const recordReplay = (app: INestApplicationContext, nctId: string, { revision, asOf, full, actor }: ReplayOptions) =>
  recordAccess(app.get(AccessLog), app.get(Clock), {
    actor,
    role: 'operator',
    channel: 'cli',
    action: 'state.replay',
    nctId,
    parameters: parametersOf({ revision, asOf: asOf?.toISOString(), full }),
  });

const replay = async (app: INestApplicationContext, nctId: string, options: ReplayOptions, io: CliIo): Promise<number> => {
  const { revision, asOf, full } = options;
  await recordReplay(app, nctId, options);
  if (revision !== undefined) return printAt(app.get(QueryBus), nctId, { revision }, io);
  if (asOf !== undefined) return printAt(app.get(QueryBus), nctId, { asOf }, io);
  return printEveryEvent(app.get(EventStore), nctId, full === true, io);
};

/**
 * The trial event by event (what each changed, or with --full the whole state after it), or its whole state at one
 * revision or instant. Exit 2 for a revision the trial never reached, 1 for a trial not registered (at that instant).
 */
export const replayCommand: CliCommand = {
  name: 'replay',
  register(program, ctx) {
    program
      .command('replay')
      .description("replay a trial's events: what each one changed (the fields, before -> after), or its state at one point")
      .argument('<nctId>', 'the trial', nctIdArgument)
      .addOption(new Option('--full', 'print the whole state after each event instead of what it changed'))
      .addOption(new Option('--revision <n>', 'print only the state at this revision').argParser(revisionValue).conflicts(['asOf', 'full']))
      .addOption(
        new Option('--as-of <instant>', 'print only the state as recorded at this instant (ISO-8601 with a zone)')
          .argParser(instantValue)
          .conflicts('full'),
      )
      // A replay reads the audit trail, so it is recorded in the access log under this name (docs/audit.md).
      .option('--actor <name>', 'who replays: recorded in the access log (default: the operating-system user)', userInfo().username)
      .action(ctx.action((nctId: string, options: ReplayOptions) => ctx.withApp('replay', (app) => replay(app, nctId, options, ctx.io))));
  },
};
