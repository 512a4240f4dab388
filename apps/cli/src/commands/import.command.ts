import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RegistryRules, TrialCommandExecutor, importPath } from '@trial-ledger/trials';
import { CliIo } from '../cli-io';

/** Exit code 1 when any record was reported, so a script notices; the good records are imported anyway. */
export const importCommand = async (app: INestApplicationContext, args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { actor: { type: 'string', default: 'cli-import' } } });
  if (positionals.length !== 1) {
    io.stderr.write('usage: npm run cli -- import <file|dir> [--actor <name>]\n');
    return 2;
  }
  const report = await importPath(
    app.get(TrialCommandExecutor), resolve(positionals[0]), values.actor as string, `import-${randomUUID()}`, app.get(RegistryRules).unknownPolicy,
  );
  report.issues.forEach((i) => io.stderr.write(`${i.file}: record ${i.record}, field ${i.field}: ${i.message}\n`));
  io.stdout.write(`${report.summary}\n`);
  return report.issues.length === 0 ? 0 : 1;
};
