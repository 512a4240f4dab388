import { CliCommand } from '../program/cli-command';
import { restoreRun } from './backup/restore.command';

export const restoreCommand: CliCommand = {
  name: 'restore',
  register(program, ctx) {
    program
      .command('restore')
      .description(
        'restore a backup into a folder without an event store, once its manifest, checksum and chains verify; then rebuild the read models',
      )
      .argument('<file>', 'the backup; its manifest must lie beside it (<file>.manifest.json)')
      .option('--data-dir <dir>', 'the folder to restore into (DATA_DIR by default)')
      .action(ctx.action((file: string, { dataDir }: { dataDir?: string }) => restoreRun(ctx.config(), file, dataDir, ctx.io)));
  },
};
