import { INestApplication } from '@nestjs/common';
import { EventStore } from '@trial-ledger/event-store';
import { ImportReport, RegistryRules, TrialCommandExecutor, importPath } from '@trial-ledger/trials';

/** On the first start of an empty store the seeded trials are imported, so a new install has data to show. */
export const seedIfEmpty = async (app: INestApplication, seedsDir: string): Promise<ImportReport | null> => {
  if ((await app.get(EventStore).headPosition()) !== 0) return null;
  return importPath(app.get(TrialCommandExecutor), seedsDir, 'seed-import', 'seed-import', app.get(RegistryRules).unknownPolicy);
};
