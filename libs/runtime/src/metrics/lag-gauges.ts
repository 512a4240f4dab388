import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventStore, LAG_COUNT_LIMIT } from '@trial-ledger/event-store';
import { Metrics } from '@trial-ledger/platform';
import { TrialReadModel } from '@trial-ledger/read-models';
import { RelayStatus } from '@trial-ledger/relay';
import { Gauge } from 'prom-client';
import { readModelLag } from '../health/read-model-lag';

/** A store that does not answer gives NaN for the gauge instead of failing the whole scrape. */
const settle = async (gauge: Gauge, read: () => Promise<number>): Promise<void> => {
  gauge.set(await read().catch(() => Number.NaN));
};

/**
 * How far the read models and the Kafka relay are behind the log, in events, counted by the store at each scrape as
 * `/health` counts them (bounded by LAG_COUNT_LIMIT: at that number, at least that many). The relay's gauge is absent
 * when the relay is off (a zero would read as caught up); on a standby it says how far the leader's relay is behind.
 */
@Injectable()
export class LagGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly store: EventStore,
    private readonly readModel: TrialReadModel,
    private readonly relay: RelayStatus,
  ) {}

  async onModuleInit(): Promise<void> {
    const { store, readModel, relay } = this;
    new Gauge({
      name: 'trial_ledger_projection_lag_events',
      help: 'Events in the log the read models have not applied yet; NaN when the store did not answer',
      registers: [this.metrics.registry],
      async collect() {
        await settle(this, async () => (await readModelLag(store, readModel, LAG_COUNT_LIMIT)).lag);
      },
    });
    if (!(await relay.health()).enabled) return;
    new Gauge({
      name: 'trial_ledger_relay_lag_events',
      help: 'Events in the log the Kafka broker has not acknowledged yet; absent when the relay is off, NaN when the store did not answer',
      registers: [this.metrics.registry],
      async collect() {
        await settle(this, async () => {
          const health = await relay.health();
          return health.enabled ? health.lag : Number.NaN;
        });
      },
    });
  }
}
