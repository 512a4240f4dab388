import { UnknownPolicy } from '@trial-ledger/domain';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EventStore } from '@trial-ledger/event-store';
import { KafkaConfig, OidcConfig, ProjectionConfig, ReadinessConfig, Role, StorageConfig, signToken } from '@trial-ledger/platform';
import { Clock, IdGenerator } from '@trial-ledger/ledger';
import { RootModule, createApp } from '../../apps/api/src/create-app';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** A clock the test moves by hand, so recorded times are known in advance. */
export class TestClock extends Clock {
  constructor(private current = new Date('2025-01-15T10:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class SequentialIds extends IdGenerator {
  private n = 0;

  newId(): string {
    this.n += 1;
    return `00000000-0000-4000-8000-${String(this.n).padStart(12, '0')}`;
  }
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: TestClock;
  dataDir: string;
  store: EventStore;
  token(role: Role, sub?: string): string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readWaitTimeoutMs?: number;
  bodyLimitBytes?: number;
  kafka?: KafkaConfig | null;
  storage?: StorageConfig;
  /** Reuse a data directory (a restart); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Off unless given: the tests send many requests from one address. */
  rateLimitPerMinute?: number;
  rateLimitWindowMs?: number;
  corsOrigins?: string[];
  /** The `/health/ready` lag limits; the generous defaults otherwise. */
  readiness?: Partial<ReadinessConfig>;
  /** How a failed projection backs off; the configured defaults (1 s doubling to 60 s) otherwise. */
  projections?: Partial<ProjectionConfig>;
  /** The app's root module; AppModule's otherwise (the benchmark's app passes its own, bench/app). */
  rootModule?: RootModule;
  /** The derivation of UNKNOWN, as UNKNOWN_OPEN_STATUSES / UNKNOWN_AFTER_MONTHS configure it; the default otherwise. */
  unknownPolicy?: UnknownPolicy;
  /** METRICS_PORT: 0 serves /metrics on a free port (MetricsEndpoint.port); no metrics endpoint otherwise. */
  metricsPort?: number;
  /** OIDC_*: tokens come from this OpenID provider (and `token()` mints ones it refuses); embedded HS256 otherwise. */
  oidc?: OidcConfig;
}

export const startTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'trial-ledger-'));
  const clock = new TestClock();
  const app = await createApp(
    {
      dataDir,
      jwtSecret: TEST_SECRET,
      oidc: options.oidc ?? null,
      readWaitTimeoutMs: options.readWaitTimeoutMs ?? 3000,
      bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
      clock,
      kafka: options.kafka ?? null,
      relayInitialBackoffMs: 50,
      runWorker: true,
      storage: options.storage ?? { eventStore: 'sqlite', readModelStore: 'sqlite', runWorker: true },
      ids: new SequentialIds(),
      logger: false,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      rateLimitWindowMs: options.rateLimitWindowMs,
      corsOrigins: options.corsOrigins ?? [],
      unknownPolicy: options.unknownPolicy,
      metricsPort: options.metricsPort ?? null,
      ...options.readiness,
      ...options.projections,
    },
    options.rootModule,
  );
  return {
    app,
    clock,
    dataDir,
    http: request(app.getHttpServer()),
    store: app.get(EventStore),
    token: (role, sub = `${role}-1`) => `Bearer ${signToken(TEST_SECRET, sub, role)}`,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
