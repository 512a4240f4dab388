import { execFile, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../kafka/free-ports';

const run = promisify(execFile);
const START_TIMEOUT_S = 30;
const START_ATTEMPTS = 3;

interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root the server runs as the `postgres` user the Debian package creates. */
const serverOwner = (): Owner | null => {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root, and there is no `postgres` OS user to run the server as (apt-get install postgresql creates it)');
  }
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
};

// A test server: nothing it holds must survive a crash, so durability is traded for speed.
const settings = (dir: string): string =>
  [
    '',
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'shared_buffers = 16MB',
    'max_connections = 100',
    '',
  ].join('\n');

/**
 * A PostgreSQL cluster in its own directory (data, log and unix socket), listening on 127.0.0.1 with trust
 * authentication. pg_ctl daemonizes the postmaster, so it is not a child of this process; a watchdog (reaper.js)
 * stops it and removes the directory once this process has exited, however it ended. (Exit hooks would not do:
 * jest hands each test file a copy of `process`, and hooks registered on the copy never run.)
 */
export class ThrowawayPostgres {
  port = 0;
  private readonly owner = serverOwner();

  constructor(
    private readonly binDir: string,
    readonly dir: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get logFile(): string {
    return join(this.dir, 'server.log');
  }

  logTail(lines = 30): string {
    return existsSync(this.logFile)
      ? readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
      : '(no server log written)';
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (this.owner) chownSync(this.dir, this.owner.uid, this.owner.gid);
    this.reapWhenGone(process.pid);
    await this.as('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    appendFileSync(join(this.dataDir, 'postgresql.conf'), settings(this.dir));
    await this.launch();
  }

  /** Spawns a detached watchdog that stops the server and deletes its directory when process `pid` is gone. */
  private reapWhenGone(pid: number): void {
    const ids = this.owner ? [String(this.owner.uid), String(this.owner.gid)] : [];
    const args = [join(__dirname, 'reaper.js'), String(pid), this.dir, join(this.binDir, 'pg_ctl'), this.dataDir, ...ids];
    spawn(process.execPath, args, { detached: true, stdio: 'ignore', cwd: '/' }).unref();
  }

  /** Stops the server at once (no checkpoint: nothing in it is kept) and removes its directory. */
  stop(): void {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      spawnSync(join(this.binDir, 'pg_ctl'), ['stop', '-D', this.dataDir, '-m', 'immediate', '-w'], {
        cwd: this.dir,
        stdio: 'ignore',
        ...this.owner,
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Another process may take the free port before the postmaster binds it; then a new port is tried. */
  private async launch(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      [this.port] = await freePorts(1);
      const logBefore = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').length : 0;
      try {
        await this.as('pg_ctl', [
          'start',
          '-D',
          this.dataDir,
          '-l',
          this.logFile,
          '-w',
          '-t',
          String(START_TIMEOUT_S),
          '-o',
          `-p ${this.port}`,
        ]);
        return;
      } catch (error) {
        const portTaken = readFileSync(this.logFile, 'utf8').slice(logBefore).includes('Address already in use');
        if (!portTaken || attempt === START_ATTEMPTS) throw error;
      }
    }
  }

  private async as(tool: string, args: string[]): Promise<void> {
    try {
      await run(join(this.binDir, tool), args, { cwd: this.dir, timeout: (START_TIMEOUT_S + 30) * 1000, ...this.owner });
    } catch (error) {
      const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} failed: ${(stderr || stdout || message).trim()}`);
    }
  }
}
