import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';

// The child runs the compiled adapter (npm test builds before jest), so the real pragmas are what is killed.
const COMPILED = resolve(__dirname, '../../../../dist/libs/event-store/src/sqlite/sqlite-event-store.js');

describe('SqliteEventStore durability', () => {
  it('keeps every acknowledged append when the process is killed with SIGKILL', async () => {
    if (!existsSync(COMPILED)) throw new Error(`Build first (npm run build): ${COMPILED} is missing`);
    const dir = mkdtempSync(join(tmpdir(), 'kill-'));
    const file = join(dir, 'events.sqlite');
    const child = spawn(process.execPath, [join(__dirname, 'durability-child.js'), COMPILED, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acknowledged = 0;
    await new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString().trim().split('\n');
        acknowledged = Math.max(acknowledged, Number(lines[lines.length - 1]));
        if (acknowledged >= 200) child.kill('SIGKILL');
      });
      child.on('exit', () => done());
    });
    const store = SqliteEventStore.open(file);
    const events = await store.readStream('s-kill');
    expect(acknowledged).toBeGreaterThanOrEqual(200);
    expect(events.length).toBeGreaterThanOrEqual(acknowledged);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i + 1));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
