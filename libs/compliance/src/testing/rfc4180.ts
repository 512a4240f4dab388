/**
 * A strict RFC 4180 reader for the export tests, written apart from the writer so that the two cannot share a
 * mistake: records end with CRLF (the last one may not), a quoted field may hold commas, doubled quotes and
 * line breaks, and a quote or bare line break anywhere else is an error rather than something to guess at.
 */
const readField = (text: string, start: number): [string, number] => {
  if (text[start] !== '"') {
    let end = start;
    while (end < text.length && !',\r\n'.includes(text[end])) {
      if (text[end] === '"') throw new Error(`Quote inside an unquoted field at ${end}`);
      end += 1;
    }
    return [text.slice(start, end), end];
  }
  let value = '';
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new Error(`Unterminated quoted field at ${start}`);
    value += text.slice(from, quote);
    if (text[quote + 1] !== '"') return [value, quote + 1];
    value += '"';
    from = quote + 2;
  }
};

const readRecord = (text: string, start: number): [string[], number] => {
  const record: string[] = [];
  let at = start;
  for (;;) {
    const [field, end] = readField(text, at);
    record.push(field);
    if (text[end] !== ',') return [record, end];
    at = end + 1;
  }
};

export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const [record, end] = readRecord(text, at);
    records.push(record);
    if (end === text.length) break;
    if (!text.startsWith('\r\n', end)) throw new Error(`Expected CRLF at ${end}, found ${JSON.stringify(text[end])}`);
    at = end + 2;
  }
  return records;
};

/** The records after the header, each as an object keyed by the header's names. */
export const parseCsvObjects = (text: string): Record<string, string>[] => {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`A row has ${row.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, row[i]]));
  });
};
