import { CliCommand } from '../program/cli-command';
import { checkpointCommand as checkpoint } from './checkpoint.command';

export const checkpointCommand: CliCommand = {
  name: 'checkpoint',
  register(program, ctx) {
    program
      .command('checkpoint')
      .description("sign the event log's head now, or print the public key that verifies the checkpoints")
      .option('--public-key', 'print the public key (PEM) for the auditors to keep; it only reads', false)
      .action(
        ctx.action(({ publicKey }: { publicKey: boolean }) =>
          ctx.withApp(publicKey ? 'checkpoint --public-key' : 'checkpoint', (app, config) =>
            checkpoint(app, publicKey ? ['--public-key'] : [], ctx.io, config),
          ),
        ),
      );
  },
};
