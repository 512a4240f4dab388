import request from 'supertest';
import { parseCsvObjects } from '../../libs/compliance/src/testing/rfc4180';

type Http = ReturnType<typeof request>;

export interface Download {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** A GET whose body is kept as text whatever its type (supertest leaves application/xml unread otherwise). */
export const download = async (http: Http, path: string, auth: string): Promise<Download> => {
  const res = await http
    .get(path)
    .set('Authorization', auth)
    .buffer(true)
    .parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(null, text));
    });
  return { status: res.status, headers: res.headers as Record<string, string>, text: res.body as string };
};

/** A recorded value as both text exports write it: absent is empty, lists and objects are JSON text. */
export const asText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

interface CsvEvent {
  revision: number;
  recordedAt: string;
  effectiveDate: string;
  type: string;
  actor: string;
  role: string;
  reason: string;
  changes: { field: string; from: string; to: string }[];
}

/** Folds the CSV rows (one per field change) back into one record per event, in file order. */
export const eventsFromCsv = (csv: string): CsvEvent[] => {
  const events = new Map<number, CsvEvent>();
  for (const row of parseCsvObjects(csv)) {
    const { field, from, to, revision, recordedAt, effectiveDate, type, actor, role, reason } = row;
    const key = Number(revision);
    const entry = events.get(key) ?? { revision: key, recordedAt, effectiveDate, type, actor, role, reason, changes: [] };
    if (field !== '') entry.changes.push({ field, from, to });
    events.set(key, entry);
  }
  return [...events.values()];
};
