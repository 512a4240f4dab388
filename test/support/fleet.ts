import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from './api-process';
import { TestDatabase, postgresForTests } from './postgres';
import { TEST_SECRET } from './test-app';

/** Compiled API and worker processes sharing one fresh PostgreSQL database, each with its own DATA_DIR. */
export class PostgresFleet {
  private readonly dirs: string[] = [];
  private readonly processes: ApiProcess[] = [];

  private constructor(readonly db: TestDatabase) {}

  static async create(): Promise<PostgresFleet> {
    return new PostgresFleet(await postgresForTests());
  }

  /** A temporary DATA_DIR, removed with the fleet. */
  dataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    this.dirs.push(dir);
    return dir;
  }

  async start(app: 'api' | 'worker', extra: Record<string, string> = {}): Promise<ApiProcess> {
    const started = await ApiProcess.start(
      {
        DATA_DIR: this.dataDir(),
        JWT_SECRET: TEST_SECRET,
        SEED_ON_EMPTY_STORE: 'false',
        EVENT_STORE: 'postgres',
        READ_MODEL_STORE: 'postgres',
        DATABASE_URL: this.db.url,
        // A killed leader's lease runs out before a standby takes over: 3 s keeps that wait short in the suite.
        LEADER_LEASE_SECONDS: '3',
        ...extra,
      },
      app,
    );
    this.processes.push(started);
    return started;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
    this.dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    await this.db.dispose();
  }
}
