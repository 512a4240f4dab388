import { PoolClient } from 'pg';

/*
 * Rows go as plain parameters of a multi-row VALUES list rather than as unnest() arrays: pg escapes every
 * element of an array parameter into one array literal, which for thousands of JSON documents cost more
 * than the insert itself (a rebuild inserting history through 20,000-row arrays ran at 12,000 events/s,
 * through these chunks at 28,000). A chunk stays far below the protocol's 65,535 parameters.
 */
const ROWS_PER_STATEMENT = 1_000;

/** The full-chunk statements, named: each is parsed once per connection, then only bound and executed. */
const fullChunks = new Map<string, { name: string; text: string }>();

const placeholders = (rows: number, columns: number): string =>
  Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');

const textOf = (into: string, columns: number, rows: number, tail: string): string =>
  `INSERT INTO ${into} VALUES ${placeholders(rows, columns)} ${tail}`;

const statementOf = (into: string, columns: number, rows: unknown[][], tail: string) => {
  if (rows.length < ROWS_PER_STATEMENT) return { text: textOf(into, columns, rows.length, tail), values: rows.flat() };
  const key = `${into}\n${tail}`;
  let statement = fullChunks.get(key);
  if (!statement) {
    statement = { name: `trial-ledger-values-${fullChunks.size + 1}`, text: textOf(into, columns, rows.length, tail) };
    fullChunks.set(key, statement);
  }
  return { ...statement, values: rows.flat() };
};

/** Inserts `rows` (each `columns` values) with `INSERT INTO <into> VALUES ... <tail>`, a chunk per statement. */
export const insertValues = async (client: PoolClient, into: string, columns: number, rows: unknown[][], tail = ''): Promise<void> => {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await client.query(statementOf(into, columns, rows.slice(start, start + ROWS_PER_STATEMENT), tail));
  }
};
