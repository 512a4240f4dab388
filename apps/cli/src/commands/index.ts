import { CliCommand } from '../program/cli-command';
import { backupCommand } from './backup.cli';
import { checkpointCommand } from './checkpoint.cli';
import { importCommand } from './import.command';
import { projectionCommand } from './projection.command';
import { rebuildCommand } from './rebuild.cli';
import { replayCommand } from './replay.command';
import { restoreCommand } from './restore.cli';
import { syncCommand } from './sync.command';
import { tokenCommand } from './token.command';
import { verifyCommand } from './verify.command';

/** Every command, in the order `--help` lists them: a new command is its file and a line here. */
export const COMMANDS: readonly CliCommand[] = [
  tokenCommand,
  importCommand,
  syncCommand,
  rebuildCommand,
  verifyCommand,
  replayCommand,
  checkpointCommand,
  projectionCommand,
  backupCommand,
  restoreCommand,
];
