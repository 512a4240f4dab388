import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncCursorStoreContract } from '../../application/sync/testing/sync-cursor-store.contract';
import { SqliteSyncCursorStore } from './sqlite-sync-cursor-store';

const dir = mkdtempSync(join(tmpdir(), 'sync-cursor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

syncCursorStoreContract('SqliteSyncCursorStore', async () => SqliteSyncCursorStore.open(join(dir, 'sync.sqlite')));
