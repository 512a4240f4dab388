import Database from 'better-sqlite3';

type RawRow = { position: number; stream_id: string; type: string; data: string; metadata: string };

/**
 * The least any projection must do with the log: read every event in global order and parse its payload and
 * metadata. Returns the number of events; the checksum keeps the parsing from being optimised away.
 */
export const rawScan = (file: string): { events: number; checksum: number } => {
  const db = new Database(file, { readonly: true });
  try {
    let events = 0;
    let checksum = 0;
    const rows = db
      .prepare<[], RawRow>(
        'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events ORDER BY position',
      )
      .iterate();
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      checksum = (checksum + Object.keys(data).length + Object.keys(metadata).length) | 0;
      events += 1;
    }
    return { events, checksum };
  } finally {
    db.close();
  }
};
