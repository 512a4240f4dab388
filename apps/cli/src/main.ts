import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@trial-ledger/platform';
import { CliModule } from './cli.module';
import { importCommand } from './commands/import.command';
import { rebuildCommand } from './commands/rebuild.command';
import { tokenCommand } from './commands/token.command';

const USAGE = `usage: npm run cli -- <command>
  token --sub <name> --role <operator|auditor|reader>   print a bearer token for the configured secret
  import <file|dir> [--actor <name>]                    import seed files or ClinicalTrials.gov API v2 records
  rebuild [--resume]                                    rebuild every read model from the event log (or resume one)`;

const run = async (argv: string[]): Promise<number> => {
  const [command, ...args] = argv;
  const config = loadConfig(process.env);
  if (command === 'token') return tokenCommand(args, config);
  if (command !== 'import' && command !== 'rebuild') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return command === 'import' ? await importCommand(app, args) : await rebuildCommand(app, args);
  } finally {
    await app.close();
  }
};

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
