import { CliCommand } from '../program/cli-command';
import { wholeNumber } from '../program/values';
import { SkipOptions, skipEventCommand } from './projection/skip-event';

/** The read models' projections: the operator's way past an event they cannot apply, on the record. */
export const projectionCommand: CliCommand = {
  name: 'projection',
  register(program, ctx) {
    const projection = program.command('projection').description("the read models' projections");
    projection
      .command('skip')
      .description('pass over the event at a position that no projection can apply, recorded with who and why (access log)')
      .requiredOption(
        '--position <n>',
        'the global position of the event, as /health/ready names it',
        wholeNumber(1, Number.MAX_SAFE_INTEGER),
      )
      .requiredOption('--reason <text>', 'why it is skipped: recorded with the skip')
      .requiredOption('--actor <name>', 'who decides: recorded with the skip')
      .action(ctx.action((options: SkipOptions) => ctx.withApp('projection skip', (app) => skipEventCommand(app, options, ctx.io))));
  },
};
