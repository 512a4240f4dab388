import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, LogCheckpoints, StoredCheckpoint } from '@trial-ledger/event-store';
import { CheckpointCheck, Clock, checkAgainstCheckpoint, signCheckpoint } from '@trial-ledger/ledger';
import { CheckpointConfig } from '@trial-ledger/platform';
import { BackgroundWorkSettings } from '../background-work';
import { Leadership } from '../leadership/leadership';
import { signingKey, trustedPublicKey } from './checkpoint-keys';

export abstract class CheckpointSettings {
  abstract readonly config: CheckpointConfig | undefined;
  abstract readonly dataDir: string;
}

/**
 * Signs the log's head (on demand, and on the leader every CHECKPOINT_INTERVAL_SECONDS when the head moved), and
 * checks the log against the latest signed checkpoint. Null `checkpoints`: an engine without them (KurrentDB).
 */
@Injectable()
export class LogCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LogCheckpointer');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(LogCheckpoints) private readonly checkpoints: LogCheckpoints | null,
    private readonly store: EventStore,
    private readonly settings: CheckpointSettings,
    private readonly clock: Clock,
    private readonly background: BackgroundWorkSettings,
    private readonly leadership: Leadership,
  ) {}

  /** Signs the head as it is now and stores the checkpoint. */
  async checkpointNow(): Promise<StoredCheckpoint> {
    const checkpoints = this.required();
    const key = signingKey(this.settings.config, this.settings.dataDir);
    const snapshot = await checkpoints.snapshot();
    return checkpoints.append(signCheckpoint(snapshot, key.privateKey, key.publicKey, this.clock.now()));
  }

  /** The log against its latest checkpoint, with the trusted public key; null when nothing was ever signed. */
  async verifyLatest(): Promise<CheckpointCheck | null> {
    const latest = await this.required().latest();
    if (!latest) return null;
    const publicKey = trustedPublicKey(this.settings.config, this.settings.dataDir);
    if (!publicKey) {
      const problem = 'there is no public key to check its signature with (set CHECKPOINT_PUBLIC_KEY_FILE)';
      return { ok: false, checkpointId: latest.id, position: latest.position, problem };
    }
    const heads = await this.required().headsAt(latest.position);
    return checkAgainstCheckpoint(latest, publicKey, await this.store.headPosition(), heads);
  }

  /** False on an engine that keeps none (KurrentDB). */
  keepsCheckpoints(): boolean {
    return this.checkpoints !== null;
  }

  /** The latest checkpoint, for an export to carry. */
  async latest(): Promise<StoredCheckpoint | null> {
    return this.checkpoints ? this.checkpoints.latest() : null;
  }

  headsAt(position: number) {
    return this.required().headsAt(position);
  }

  onApplicationBootstrap(): void {
    const seconds = this.settings.config?.intervalSeconds ?? 0;
    if (!this.background.enabled || seconds === 0 || !this.checkpoints) return;
    this.timer = setInterval(() => {
      this.running = this.onSchedule().catch((error: Error) => this.logger.warn(`Checkpoint not signed: ${error.message}`));
    }, seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.checkpoints?.close();
  }

  /** On the leader only, and only when the log moved since the latest checkpoint. */
  private async onSchedule(): Promise<void> {
    if (!this.leadership.isLeader()) return;
    const latest = await this.required().latest();
    if (latest && latest.position >= (await this.store.headPosition())) return;
    const signed = await this.checkpointNow();
    this.logger.log(`Signed checkpoint ${signed.id} at position ${signed.position}`);
  }

  private required(): LogCheckpoints {
    if (!this.checkpoints) throw new Error('This event store keeps no checkpoints (EVENT_STORE=kurrentdb)');
    return this.checkpoints;
  }
}
