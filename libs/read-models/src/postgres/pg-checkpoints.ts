import { Pool, PoolClient } from 'pg';

type Queryable = Pool | PoolClient;

/** A checkpoint row's position, or null when the projection has none yet. */
export const findCheckpoint = async (db: Queryable, name: string): Promise<number | null> => {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
  return rows.length ? Number(rows[0].position) : null;
};

/**
 * Moves a checkpoint by compare-and-set on the value the caller read, so that a rival instance that moved it
 * meanwhile is noticed; the row's lock then holds the rival back until this transaction ends.
 */
export const moveCheckpoint = async (client: PoolClient, name: string, expected: number | null, next: number): Promise<boolean> => {
  const result =
    expected === null
      ? await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
          name,
          next,
        ])
      : await client.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1 AND position = $3', [name, next, expected]);
  return result.rowCount === 1;
};

export const setCheckpoint = async (client: PoolClient, name: string, position: number): Promise<void> => {
  await client.query(
    'INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    [name, position],
  );
};

export const deleteCheckpoint = async (client: PoolClient, name: string): Promise<void> => {
  await client.query('DELETE FROM projection_checkpoints WHERE name = $1', [name]);
};

/**
 * The name of the row a write-behind rebuild keeps beside its checkpoint while it may commit per-event rows
 * ahead of it: its position is the checkpoint those rows were last covered by. The readers select
 * checkpoints by projection name, so they never see it.
 */
export const aheadMarkOf = (name: string): string => `${name}~rows-covered`;
