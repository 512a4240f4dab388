import { parseArgs } from 'node:util';
import { AppConfig, ROLES, Role, resolveJwtSecret, signToken } from '@trial-ledger/platform';
import { CliIo } from '../cli-io';

const USAGE = 'usage: npm run cli -- token --sub <name> --role <operator|auditor|reader> [--expires-in <seconds>]';

export const tokenCommand = (args: string[], config: AppConfig, io: CliIo): number => {
  const { values } = parseArgs({
    args,
    options: { sub: { type: 'string' }, role: { type: 'string' }, 'expires-in': { type: 'string', default: '28800' } },
  });
  const expiresIn = Number(values['expires-in']);
  if (!values.sub || !ROLES.includes(values.role as Role) || !Number.isInteger(expiresIn) || expiresIn <= 0) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const secret = resolveJwtSecret(config.jwtSecret, config.dataDir);
  io.stdout.write(`${signToken(secret, values.sub, values.role as Role, expiresIn)}\n`);
  return 0;
};
