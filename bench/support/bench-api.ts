import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signToken } from '@trial-ledger/platform';
import { ApiProcess, HealthBody } from '../../test/support/api-process';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
}

/** A reader of one `/proc/<pid>/status` snapshot's memory fields (Linux), in MiB. */
const statusMiB = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
};

/** The compiled API as its own process on an existing data directory, with an auditor's token. */
export class BenchApi {
  private readonly auth = `Bearer ${signToken(SECRET, 'bench-auditor', 'auditor')}`;

  private constructor(
    private readonly api: ApiProcess,
    private readonly heapFile: string,
  ) {}

  static async start(dataDir: string, timeoutMs = 120_000): Promise<BenchApi> {
    const env = {
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      SEED_ON_EMPTY_STORE: 'false',
      READY_MAX_READ_MODEL_LAG: '1000000000',
      BENCH_HEAP_FILE: join(dataDir, 'bench-heap.json'),
    };
    return new BenchApi(
      await ApiProcess.start(env, 'api', timeoutMs, ['--expose-gc', '-r', join(__dirname, 'gc-on-signal.js')]),
      env.BENCH_HEAP_FILE,
    );
  }

  get url(): string {
    return this.api.url;
  }

  /** Time to the last byte of the body, as a client sees it (a retry on a closed kept-alive socket included). */
  async get(path: string): Promise<Timed> {
    const started = performance.now();
    const response = await this.fetch(path);
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
  }

  async getJson<T>(path: string): Promise<T> {
    const response = await this.fetch(path);
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

  /**
   * Memory the process keeps: after a full GC (see gc-on-signal.js), RSS split into anonymous memory (heap,
   * SQLite page caches, allocator) and file-backed pages (code, mapped files), and V8's heap in use, in MiB.
   */
  async settledMemory(): Promise<{ rssMiB: number; anonMiB: number; fileMiB: number; heapUsedMiB: number }> {
    rmSync(this.heapFile, { force: true });
    process.kill(this.api.pid, 'SIGWINCH');
    for (let waited = 0; !existsSync(this.heapFile); waited += 50) {
      if (waited > 10_000) throw new Error('The API wrote no heap figures after SIGWINCH');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 200));
    const heap = JSON.parse(readFileSync(this.heapFile, 'utf8')) as { heapUsed: number };
    const mib = statusMiB(this.api.pid);
    return { rssMiB: mib('VmRSS'), anonMiB: mib('RssAnon'), fileMiB: mib('RssFile'), heapUsedMiB: heap.heapUsed / 2 ** 20 };
  }

  /**
   * The server closes a kept-alive socket idle for its keepAliveTimeout (5 s); a request sent on it as it closes
   * fails before any answer, so it is sent once more on a new socket, as browsers do for an idempotent GET. A
   * second failure is the server's: it fails with the API's last output.
   */
  private async fetch(path: string): Promise<Response> {
    const send = () => fetch(`${this.api.url}${path}`, { headers: { authorization: this.auth } });
    try {
      return await send();
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
      try {
        return await send();
      } catch (again) {
        const tail = this.api
          .logLines()
          .slice(-20)
          .map((l) => JSON.stringify(l));
        throw new Error(`GET ${path} failed twice (${(again as Error).message}); the API's last output:\n${tail.join('\n')}`);
      }
    }
  }

  /** Resident set size of the API process, from /proc (Linux), in MiB; `peak` is the high-water mark. */
  memory(): { rssMiB: number; peakMiB: number } {
    const mib = statusMiB(this.api.pid);
    return { rssMiB: mib('VmRSS'), peakMiB: mib('VmHWM') };
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
