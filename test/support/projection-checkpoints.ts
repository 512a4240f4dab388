import { withClient } from './postgres/databases';

export interface CheckpointCoverage {
  projection: string;
  checkpoint: number;
  /** The position of the last event whose effect is in the projection's table. */
  lastApplied: number;
}

// Each event adds a history row, and each trial's view row records the position of its latest event: the
// largest position in either table is the last event that projection applied.
const LAST_APPLIED = {
  'trial-view': 'SELECT COALESCE(MAX(position), 0) AS p FROM trial_view',
  'trial-history': 'SELECT COALESCE(MAX(position), 0) AS p FROM trial_history',
};

/** Each PostgreSQL projection's durable checkpoint beside the last event its table shows it applied. */
export const checkpointCoverage = (databaseUrl: string): Promise<CheckpointCoverage[]> =>
  withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string; position: string }>(
      'SELECT name, position FROM projection_checkpoints ORDER BY name',
    );
    return Promise.all(
      Object.entries(LAST_APPLIED).map(async ([projection, sql]) => {
        const applied = await client.query<{ p: string }>(sql);
        const checkpoint = rows.find((r) => r.name === projection)?.position ?? '0';
        return { projection, checkpoint: Number(checkpoint), lastApplied: Number(applied.rows[0].p) };
      }),
    );
  });
