import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@trial-ledger/platform';
import { CliModule } from './cli.module';
import { importCommand } from './commands/import.command';
import { rebuildCommand } from './commands/rebuild.command';
import { replayCommand } from './commands/replay.command';
import { tokenCommand } from './commands/token.command';
import { verifyCommand } from './commands/verify.command';

const USAGE = `usage: npm run cli -- <command>
  token --sub <name> --role <operator|auditor|reader>   print a bearer token for the configured secret
  import <file|dir> [--actor <name>]                    import seed files or ClinicalTrials.gov API v2 records
  rebuild [--resume]                                    rebuild every read model from the event log (or resume one)
  verify [nctId]                                        recompute the hash chain of one trial (or all); exit 1 if broken
  replay <nctId> [--revision <n> | --as-of <instant>]   print the state after each event, or only at that revision or instant`;

const run = async (argv: string[]): Promise<number> => {
  const [command, ...args] = argv;
  const config = loadConfig(process.env);
  if (command === 'token') return tokenCommand(args, config);
  if (command !== 'import' && command !== 'rebuild' && command !== 'verify' && command !== 'replay') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    if (command === 'verify') return await verifyCommand(app, args);
    if (command === 'replay') return await replayCommand(app, args);
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
