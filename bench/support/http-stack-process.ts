import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { LISTENS, StackKind } from './http-stack-common';

const REGISTER = join(__dirname, 'register.js');
const ENTRY = join(__dirname, 'http-stack-server.ts');

/**
 * One http-stack server (bench/support/http-stack-server.ts) as a child process: the bench process runs
 * autocannon on one core, the server gets the other, as the compiled API does in the http suite.
 */
export class StackServer {
  private constructor(private readonly child: ChildProcess, readonly url: string) {}

  static async start(kind: StackKind, env: Record<string, string>, timeoutMs = 60_000): Promise<StackServer> {
    const child = spawn(process.execPath, ['-r', REGISTER, ENTRY, kind], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A bench that dies must not leave servers behind.
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    const url = await new Promise<string>((done, fail) => {
      const output: string[] = [];
      const timer = setTimeout(() => fail(new Error(`The ${kind} server did not start in ${timeoutMs} ms:\n${output.join('')}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = LISTENS.exec(output.join(''));
        if (match) { clearTimeout(timer); done(match[1]); }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`The ${kind} server exited with ${code}:\n${output.join('')}`)); });
    });
    return new StackServer(child, url);
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

