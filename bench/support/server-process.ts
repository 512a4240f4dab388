import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REGISTER = join(__dirname, 'register.js');

/**
 * A server the bench runs from source in a child process of its own (`node -r register.js <entry> ...args`), so
 * that the bench process runs autocannon on one core and the server gets the other. Ready once its output
 * matches `listens`, whose first group is the URL.
 */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    entry: string,
    args: string[],
    env: Record<string, string>,
    listens: RegExp,
    timeoutMs: number,
  ): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['-r', REGISTER, entry, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A bench that dies must not leave servers behind.
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    const what = [entry, ...args].join(' ');
    const url = await new Promise<string>((done, fail) => {
      const output: string[] = [];
      const timer = setTimeout(() => fail(new Error(`${what} did not start in ${timeoutMs} ms:\n${output.join('')}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = listens.exec(output.join(''));
        if (match) {
          clearTimeout(timer);
          done(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`${what} exited with ${code}:\n${output.join('')}`));
      });
    });
    return new ServerProcess(child, url);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('The server has no pid: it did not spawn');
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }
}
