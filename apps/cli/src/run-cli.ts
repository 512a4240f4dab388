import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CommanderError } from 'commander';
import { AppConfig, ConfigError, loadConfig } from '@trial-ledger/platform';
import { WriterLockHeldError } from '@trial-ledger/runtime';
import { CliIo } from './cli-io';
import { CliModule } from './cli.module';
import { COMMANDS } from './commands';
import { AppRun, CliContext } from './program/cli-context';
import { cliProgram } from './program/cli-program';
import { EXIT } from './program/exit-codes';
import { awaitFinalScrape } from './program/served-metrics';

/** The commands that stop at a safe point when io.signal aborts; main.ts routes SIGINT and SIGTERM to them. */
export const stopsCleanly = ([name]: readonly string[]): boolean => COMMANDS.some((c) => c.name === name && c.stopsCleanly === true);

/**
 * The commands that write to the stores: each takes DATA_DIR's writer lock, so none runs beside the API. Not
 * `rebuild`, which builds its shadow beside the API and swaps it in by its own protocol.
 */
const WRITERS = new Set(['import', 'sync', 'checkpoint', 'restore']);

class RunContext implements CliContext {
  exitCode: number = EXIT.ok;
  private loaded?: AppConfig;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly io: CliIo,
  ) {}

  config(): AppConfig {
    this.loaded ??= loadConfig(this.env);
    return this.loaded;
  }

  async withApp(command: string, run: AppRun): Promise<number> {
    const config = this.config();
    const metrics = COMMANDS.some((c) => c.name === command && c.servesMetrics === true);
    const module = CliModule.forRoot(config, WRITERS.has(command) ? `cli ${command}` : false, metrics);
    const app = await NestFactory.createApplicationContext(module, { logger: ['error', 'warn'], abortOnError: false });
    try {
      const code = await run(app, config);
      if (metrics) await awaitFinalScrape(app, config, this.io);
      return code;
    } finally {
      await app.close();
    }
  }

  action<A extends unknown[]>(run: (...args: A) => Promise<number> | number): (...args: A) => Promise<void> {
    return async (...args) => {
      this.exitCode = await run(...args);
    };
  }
}

/**
 * A configuration problem is the operator's to fix (exit 2, its message); a second writer is refused (exit 1, its
 * message naming the holder); anything else is a fault (exit 1, the stack).
 */
const reportFailure = (error: unknown, io: CliIo): number => {
  const known = error instanceof ConfigError || error instanceof WriterLockHeldError;
  const text = known ? error.message : error instanceof Error ? error.stack : String(error);
  io.stderr.write(`${text}\n`);
  return error instanceof ConfigError ? EXIT.usage : EXIT.problem;
};

/**
 * Runs one CLI command (`argv` without the program, e.g. ['verify', 'NCT06171906']) with the configuration read
 * from `env`, writing to `io`, and answers the exit code. It never exits the process: main.ts does, and another
 * program can run a command in its own process.
 */
export const runCli = async (argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> => {
  const ctx = new RunContext(env, io);
  try {
    await cliProgram(COMMANDS, ctx).parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    // Help asked for exits 0; any other refusal of the command line (its message already written) is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportFailure(error, io);
  }
};
