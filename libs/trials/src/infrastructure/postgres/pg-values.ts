import { PoolClient } from 'pg';

/*
 * Rows go as plain parameters of a multi-row VALUES list rather than as unnest() arrays: pg escapes every
 * element of an array parameter into one array literal, which for thousands of JSON documents cost more
 * than the insert itself (a rebuild inserting history through 20,000-row arrays ran at 12,000 events/s,
 * through these chunks at 28,000). A chunk stays far below the protocol's 65,535 parameters.
 */
const ROWS_PER_STATEMENT = 1_000;

/** Names of the full-chunk statements: each is parsed once per connection, then only bound and executed. */
const statementNames = new Map<string, string>();

const placeholders = (rows: number, columns: number): string =>
  Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');

const statementOf = (into: string, columns: number, rows: unknown[][], tail: string) => {
  const text = `INSERT INTO ${into} VALUES ${placeholders(rows.length, columns)} ${tail}`;
  if (rows.length < ROWS_PER_STATEMENT) return { text, values: rows.flat() };
  const key = `${into}\n${tail}`;
  const name = statementNames.get(key) ?? `trial-ledger-values-${statementNames.size + 1}`;
  statementNames.set(key, name);
  return { name, text, values: rows.flat() };
};

/** Inserts `rows` (each `columns` values) with `INSERT INTO <into> VALUES ... <tail>`, a chunk per statement. */
export const insertValues = async (client: PoolClient, into: string, columns: number, rows: unknown[][], tail = ''): Promise<void> => {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await client.query(statementOf(into, columns, rows.slice(start, start + ROWS_PER_STATEMENT), tail));
  }
};
