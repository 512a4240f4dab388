import { Option } from 'commander';
import { AppConfig, ROLES, Role, existingJwtSecret, jwtSecretFile, signToken } from '@trial-ledger/platform';
import { CliCommand } from '../program/cli-command';
import { EXIT } from '../program/exit-codes';
import { wholeNumber } from '../program/values';

interface TokenOptions {
  sub: string;
  role: Role;
  expiresIn: number;
}

/** The API's secret, or why no token can be signed here. */
const secretOrRefusal = (config: AppConfig): { secret: string } | { refused: string } => {
  if (config.oidc) {
    return {
      refused: `cli token mints no tokens when OIDC_ISSUER is set: tokens come from ${config.oidc.issuer} (the API refuses HS256 tokens in that mode)`,
    };
  }
  const secret = existingJwtSecret(config.jwtSecret, config.dataDir);
  if (secret !== null) return { secret };
  const refused = [
    `cli token found no API secret at ${jwtSecretFile(config.dataDir)}: it read DATA_DIR ${config.dataDir}, and JWT_SECRET is unset.`,
    'The API writes its secret into its DATA_DIR on first start: run this command with DATA_DIR set to the API\'s data directory (the path the API logs as "data in ..."), or with JWT_SECRET set to the API\'s.',
  ].join('\n');
  return { refused };
};

/** A bearer token signed with the API's secret (DATA_DIR's generated one in embedded mode); never a new secret. */
export const tokenCommand: CliCommand = {
  name: 'token',
  register(program, ctx) {
    program
      .command('token')
      .description("print a bearer token (JWT) signed with the API's secret (embedded mode only)")
      // Required: every event and every read of the audit trail is recorded under the token's subject (21 CFR 11.10(e)).
      .requiredOption('--sub <name>', 'who the token is for: the events it writes and the reads it makes are recorded under this name')
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .option('--expires-in <seconds>', 'lifetime in seconds', wholeNumber(1, 31_536_000), 28_800)
      .action(
        ctx.action(({ sub, role, expiresIn }: TokenOptions) => {
          const found = secretOrRefusal(ctx.config());
          if ('refused' in found) {
            ctx.io.stderr.write(`${found.refused}\n`);
            return EXIT.usage;
          }
          ctx.io.stdout.write(`${signToken(found.secret, sub, role, expiresIn)}\n`);
          return EXIT.ok;
        }),
      );
  },
};
