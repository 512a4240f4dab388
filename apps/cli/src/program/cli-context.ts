import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@trial-ledger/platform';
import { CliIo } from '../cli-io';

export type AppRun = (app: INestApplicationContext, config: AppConfig) => Promise<number>;

/** What a command's action may use: the process's outputs, the configuration, and the stores. */
export interface CliContext {
  readonly io: CliIo;
  /** The configuration, read when a command first asks: `--help` and usage errors need none. */
  config(): AppConfig;
  /**
   * Runs `run` on an application context over the configured stores, opened for `command` (CliModule decides whether
   * it takes DATA_DIR's writer lock) and closed after.
   */
  withApp(command: string, run: AppRun): Promise<number>;
  /** The action commander calls: it records the exit code `run` answers. */
  action<A extends unknown[]>(run: (...args: A) => Promise<number> | number): (...args: A) => Promise<void>;
}
