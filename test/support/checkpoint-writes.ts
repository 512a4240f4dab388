import { withClient } from './postgres/databases';

export interface CheckpointWrite {
  id: number;
  /** The writer's application_name: each process of a test names its own (PGAPPNAME). */
  app: string;
  name: string;
  position: number;
}

export type CheckpointPositions = Record<string, number>;

/**
 * Records, from inside the database, every write to the projection and relay checkpoints with the writing
 * session's application_name: proof of who wrote, which no process's own log could give. Test instrumentation
 * only; installed once the apps have created both tables.
 */
export const recordCheckpointWrites = (databaseUrl: string): Promise<void> =>
  withClient(databaseUrl, async (client) => {
    await client.query(`
      CREATE TABLE checkpoint_writes (id BIGSERIAL PRIMARY KEY, app TEXT NOT NULL, name TEXT NOT NULL, position BIGINT NOT NULL);
      CREATE FUNCTION note_checkpoint_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO checkpoint_writes (app, name, position) VALUES (current_setting('application_name'), TG_TABLE_NAME || ':' || NEW.name, NEW.position);
        RETURN NEW;
      END $$;
      CREATE TRIGGER projection_writes AFTER INSERT OR UPDATE ON projection_checkpoints FOR EACH ROW EXECUTE FUNCTION note_checkpoint_write();
      CREATE TRIGGER relay_writes AFTER INSERT OR UPDATE ON relay_checkpoints FOR EACH ROW EXECUTE FUNCTION note_checkpoint_write();
    `);
  });

/** The committed writes recorded after the one numbered `afterId`. */
export const checkpointWrites = (databaseUrl: string, afterId = 0): Promise<CheckpointWrite[]> =>
  withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string; app: string; name: string; position: string }>(
      'SELECT id, app, name, position FROM checkpoint_writes WHERE id > $1 ORDER BY id',
      [afterId],
    );
    return rows.map((r) => ({ id: Number(r.id), app: r.app, name: r.name, position: Number(r.position) }));
  });

/** Every projection and relay checkpoint, by table and name. */
export const checkpointPositions = (databaseUrl: string): Promise<CheckpointPositions> =>
  withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string; position: string }>(
      `SELECT 'projection_checkpoints:' || name AS name, position FROM projection_checkpoints
       UNION ALL SELECT 'relay_checkpoints:' || name, position FROM relay_checkpoints`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.position)]));
  });
