import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, HealthBody } from '../../test/support/api-process';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
}

/** The compiled API as its own process on an existing data directory, with an auditor's token. */
export class BenchApi {
  private readonly auth = `Bearer ${signToken(SECRET, 'bench-auditor', 'auditor')}`;

  private constructor(private readonly api: ApiProcess) {}

  static async start(dataDir: string, timeoutMs = 120_000): Promise<BenchApi> {
    const env = { DATA_DIR: dataDir, JWT_SECRET: SECRET, SEED_ON_EMPTY_STORE: 'false', READY_MAX_READ_MODEL_LAG: '1000000000' };
    return new BenchApi(await ApiProcess.start(env, 'api', timeoutMs));
  }

  get url(): string {
    return this.api.url;
  }

  /** Time to the last byte of the body, as a client sees it. */
  async get(path: string): Promise<Timed> {
    const started = performance.now();
    const response = await fetch(`${this.api.url}${path}`, { headers: { authorization: this.auth } });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
  }

  async getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${this.api.url}${path}`, { headers: { authorization: this.auth } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Waits until the read models have applied the whole log; returns the milliseconds it took. */
  async caughtUp(timeoutMs: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      const health = await this.getJson<HealthBody>('/health');
      if (health.readModels.lag === 0 && health.readModels.position === health.eventStore.headPosition) return performance.now() - started;
      if (performance.now() - started > timeoutMs) throw new Error(`Read models still ${health.readModels.lag} events behind`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resident set size of the API process, from /proc (Linux), in MiB; `peak` is the high-water mark. */
  memory(): { rssMiB: number; peakMiB: number } {
    const status = readFileSync(`/proc/${this.api.pid}/status`, 'utf8');
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  }

  async stop(): Promise<void> {
    await this.api.terminate('SIGTERM');
  }
}

/** Fails loudly: a benchmark that timed error pages would report nonsense. */
export const expectOk = (timed: Timed, what: string): Timed => {
  if (timed.status !== 200) throw new Error(`${what} answered ${timed.status}`);
  return timed;
};
