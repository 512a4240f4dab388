import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const mainOf = (app: 'api' | 'worker'): string => resolve(__dirname, `../../dist/apps/${app}/src/main.js`);

/**
 * The compiled API (or worker) as its own OS process, so a test can kill it with SIGKILL the way a crash or an OOM
 * kill would, and start it again on the same data directory.
 */
export class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly output: string[],
  ) {}

  /** `nodeArgs` go before the script, for Node's own flags (e.g. `--trace-gc` in the soak). */
  static async start(
    env: Record<string, string>,
    app: 'api' | 'worker' = 'api',
    timeoutMs = 60_000,
    nodeArgs: string[] = [],
  ): Promise<ApiProcess> {
    const main = mainOf(app);
    if (!existsSync(main)) throw new Error(`Build first (npm run build): ${main} is missing`);
    // The command streams of these tests come from one subject far faster than any real client: no rate limit.
    const child = spawn(process.execPath, [...nodeArgs, main], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    const url = await new Promise<string>((done, fail) => {
      // A process that never said where it listens is not handed to the test, so nothing else would stop it: left
      // running, it kept jest from exiting after the failure.
      const timer = setTimeout(() => {
        kill();
        fail(new Error(`The ${app} did not start in ${timeoutMs} ms:\n${output.join('')}`));
      }, timeoutMs);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = /(?:listens on|\/health on) (http:\/\/[^\s"]+)/.exec(output.join(''));
        if (match) {
          clearTimeout(timer);
          done(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`The ${app} exited with ${code}:\n${output.join('')}`));
      });
    });
    return new ApiProcess(child, url, output);
  }

  /** The process's log, one JSON object a line; a line that is not JSON (a Node warning) comes as `{ level: 'raw', msg }`. */
  logLines(): LogLine[] {
    return this.output
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          return { level: 'raw', msg: line };
        }
      });
  }

  /** The OS process id, to sample its memory from /proc. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('The process has no pid: it did not spawn');
    return this.child.pid;
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    await this.terminate(signal);
  }

  /** Sends the signal and resolves with how the process ended (an exit code, or the signal that killed it). */
  async terminate(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const ended = () => ({ code: this.child.exitCode, signal: this.child.signalCode });
    if (this.child.exitCode !== null || this.child.signalCode !== null) return ended();
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill(signal);
    await exited;
    return ended();
  }
}

export interface LogLine {
  level: string;
  msg: string;
  context?: string;
  [field: string]: unknown;
}

/** Lines at warn or above: what a clean run must not log. */
export const problemsIn = (lines: LogLine[]): LogLine[] => lines.filter((l) => ['warn', 'error', 'fatal'].includes(l.level));

export interface HealthBody {
  eventStore: { headPosition: number };
  readModels: { position: number; lag: number };
  worker: { leader: boolean };
  kafkaRelay: { enabled: boolean; state: string; position: number; lag: number; consecutiveFailures: number; lastError: string | null };
}

export type ReadHealth = () => Promise<HealthBody>;

export const healthOver =
  (http: { get(path: string): PromiseLike<{ body: unknown }> }): ReadHealth =>
  async () =>
    (await http.get('/health')).body as HealthBody;

/** Polls `/health` until `accept` holds and returns that snapshot; fails with the last one seen. */
export const healthWhen = async <H = HealthBody>(read: () => Promise<H>, accept: (h: H) => boolean, timeoutMs = 60_000): Promise<H> => {
  const deadline = Date.now() + timeoutMs;
  let last: H | null = null;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`/health never reached the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
};
