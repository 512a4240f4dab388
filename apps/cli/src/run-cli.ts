import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, loadConfig } from '@trial-ledger/platform';
import { CliIo } from './cli-io';
import { CliModule } from './cli.module';
import { importCommand } from './commands/import.command';
import { rebuildCommand } from './commands/rebuild.command';
import { replayCommand } from './commands/replay.command';
import { syncCommand } from './commands/sync.command';
import { tokenCommand } from './commands/token.command';
import { verifyCommand } from './commands/verify.command';

const USAGE = `usage: npm run cli -- <command>
  token --sub <name> --role <operator|auditor|reader>   print a bearer token for the configured secret
  import <zip|dir|ndjson|file> [--resume] [--progress] [--actor <name>]
                                                        import ClinicalTrials.gov records (the registry's zip), streamed
  sync [--since <yyyy-MM-dd>] [--base-url <url>] [--page-size <n>] [--rate <requests/s>]
                                                        record the studies the registry (API v2) changed since the cursor
  rebuild [--resume]                                    rebuild every read model from the event log (or resume one)
  verify [nctId]                                        recompute the hash chain of one trial (or all); exit 1 if broken
  replay <nctId> [--revision <n> | --as-of <instant>]   print the state after each event, or only at that revision or instant`;

type AppCommand = (app: INestApplicationContext, args: string[], io: CliIo, config: AppConfig) => Promise<number>;

/** The commands that work on the stores, and so need the application context (a Map: no inherited names). */
const APP_COMMANDS = new Map<string, AppCommand>([
  ['import', importCommand],
  ['sync', syncCommand],
  ['rebuild', rebuildCommand],
  ['verify', verifyCommand],
  ['replay', replayCommand],
]);

/** The commands that stop at a safe point when io.signal aborts; main.ts routes SIGINT and SIGTERM to them. */
export const stopsCleanly = ([name]: readonly string[]): boolean => name === 'import' || name === 'sync';

const withApp = async (config: AppConfig, command: AppCommand, args: string[], io: CliIo): Promise<number> => {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await command(app, args, io, config);
  } finally {
    await app.close();
  }
};

const dispatch = async ([name, ...args]: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> => {
  const config = loadConfig(env);
  if (name === 'token') return tokenCommand(args, config, io);
  const command = APP_COMMANDS.get(name);
  if (command === undefined) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return withApp(config, command, args, io);
};

/** A configuration problem is the operator's to fix (exit 2, its message); anything else is a fault (exit 1, the stack). */
const reportFailure = (error: unknown, io: CliIo): number => {
  const text = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  io.stderr.write(`${text}\n`);
  return error instanceof ConfigError ? 2 : 1;
};

/**
 * Runs one CLI command (`argv` without the program, e.g. ['verify', 'NCT06171906']) with the configuration read
 * from `env`, writing to `io`, and answers the exit code. It never exits the process: main.ts does, and another
 * program can run a command in its own process.
 */
export const runCli = async (argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> => {
  try {
    return await dispatch(argv, env, io);
  } catch (error) {
    return reportFailure(error, io);
  }
};
