import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerLayout, formatStorage, javaArgs, logTail, writeBrokerFiles } from './broker-files';
import { ensureKafkaDistribution } from './distribution';
import { freePorts } from './free-ports';
import { waitUntilReady } from './readiness';
import { killOnExit, release } from './reaper';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 30_000;
const START_ATTEMPTS = 3;

/** A throwaway single-node KRaft broker in a JVM child process, with its data under the OS temp directory. */
export class ManagedKafkaBroker {
  readonly brokers: string;
  private child: ChildProcess | null = null;
  private exitReason: string | null = null;

  private constructor(private readonly layout: BrokerLayout) {
    this.brokers = `127.0.0.1:${layout.brokerPort}`;
  }

  static async start(): Promise<ManagedKafkaBroker> {
    const lib = ensureKafkaDistribution();
    for (let attempt = 1; ; attempt += 1) {
      const [brokerPort, controllerPort] = await freePorts(2);
      const dataDir = mkdtempSync(join(tmpdir(), 'trial-ledger-kafka-'));
      const broker = new ManagedKafkaBroker(writeBrokerFiles(lib, dataDir, brokerPort, controllerPort));
      try {
        formatStorage(broker.layout);
        await broker.launch();
        return broker;
      } catch (error) {
        const portTaken = broker.log().includes('Address already in use');
        await broker.dispose();
        if (!portTaken || attempt === START_ATTEMPTS) throw error;
      }
    }
  }

  get dataDir(): string {
    return this.layout.dataDir;
  }

  log(): string {
    return existsSync(this.layout.logFile) ? readFileSync(this.layout.logFile, 'utf8') : '';
  }

  /** Stops the JVM and waits for it to exit; SIGKILL simulates a crash, SIGTERM a controlled shutdown. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    // No pid: spawn itself failed, so there is no process to wait for.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill(signal);
      const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited.finally(() => clearTimeout(escalate));
    }
    release(child);
  }

  /** Starts the broker again on the same ports and data, as after a crash or an upgrade. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.layout.dataDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const log = openSync(this.layout.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn('java', javaArgs(this.layout, 'kafka.Kafka', [this.layout.serverProperties]), { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    this.child = child;
    this.exitReason = null;
    killOnExit(child);
    child.once('error', (error) => (this.exitReason = `could not be started (${error.message})`));
    child.once('exit', (code, signal) => (this.exitReason = `exited (${signal ?? `code ${code}`})`));
    // The reaper, not this handle, decides the JVM's lifetime: a forgotten broker must not keep jest alive.
    child.unref();
    try {
      await waitUntilReady(this.brokers, {
        timeoutMs: READY_TIMEOUT_MS,
        gaveUp: () => (this.child === child ? this.exitReason : 'was stopped'),
        details: () => `Broker log ${this.layout.logFile} (tail):\n${logTail(this.layout.logFile)}`,
      });
    } catch (error) {
      await this.stop('SIGKILL');
      throw error;
    }
  }
}
