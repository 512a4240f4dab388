import { Option } from 'commander';
import { ROLES, Role, resolveJwtSecret, signToken } from '@trial-ledger/platform';
import { CliCommand } from '../program/cli-command';
import { EXIT } from '../program/exit-codes';
import { wholeNumber } from '../program/values';

interface TokenOptions {
  sub: string;
  role: Role;
  expiresIn: number;
}

/** A bearer token signed with the configured secret (DATA_DIR's generated one in embedded mode). */
export const tokenCommand: CliCommand = {
  name: 'token',
  register(program, ctx) {
    program
      .command('token')
      .description('print a bearer token (JWT) for the configured secret')
      // Required: every event and every read of the audit trail is recorded under the token's subject (21 CFR 11.10(e)).
      .requiredOption('--sub <name>', 'who the token is for: the events it writes and the reads it makes are recorded under this name')
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .option('--expires-in <seconds>', 'lifetime in seconds', wholeNumber(1, 31_536_000), 28_800)
      .action(
        ctx.action(({ sub, role, expiresIn }: TokenOptions) => {
          const config = ctx.config();
          ctx.io.stdout.write(`${signToken(resolveJwtSecret(config.jwtSecret, config.dataDir), sub, role, expiresIn)}\n`);
          return EXIT.ok;
        }),
      );
  },
};
