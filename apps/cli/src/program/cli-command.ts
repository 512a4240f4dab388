import { Command } from 'commander';
import { CliContext } from './cli-context';

/** One CLI command: a file declaring it, and a line in commands/index.ts. */
export interface CliCommand {
  readonly name: string;
  /** Stops at a safe point when io.signal aborts: main.ts routes SIGINT and SIGTERM to it. */
  readonly stopsCleanly?: boolean;
  /** A long batch: serves its progress on METRICS_PORT's /metrics while it runs, as the API and the worker do theirs. */
  readonly servesMetrics?: boolean;
  /** Declares the command (arguments, flags, help) on `program`; its action answers the exit code through `ctx`. */
  register(program: Command, ctx: CliContext): void;
}
