import { Command } from 'commander';
import { CliCommand } from './cli-command';
import { CliContext } from './cli-context';
import { EXIT_CODES_HELP } from './exit-codes';

/**
 * The command line, made afresh for each run (commander keeps the parsed values on its commands). Help goes to
 * stdout, errors to stderr, and nothing exits the process: a usage error is thrown as a CommanderError.
 */
export const cliProgram = (commands: readonly CliCommand[], ctx: CliContext): Command => {
  const program = new Command('npm run cli --')
    .description('Trial Ledger on the command line: the configured stores (DATA_DIR, EVENT_STORE …) without the API.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.io.stdout.write(text), writeErr: (text) => ctx.io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)');
  for (const command of commands) command.register(program, ctx);
  for (const command of [program, ...program.commands]) command.addHelpText('after', EXIT_CODES_HELP);
  return program;
};
