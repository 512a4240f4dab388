import fc from 'fast-check';

/** JSON text kept verbatim: tokens JSON.stringify cannot produce (1e309, -0) and nesting too deep to build as values. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as its list of entries, so that `__proto__` is sent as a real own key and keys may repeat. */
export class JsonObject {
  constructor(readonly entries: [string, Json][]) {}

  with(key: string, value: Json): JsonObject {
    return new JsonObject([...this.entries.filter(([k]) => k !== key), [key, value]]);
  }

  without(key: string): JsonObject {
    return new JsonObject(this.entries.filter(([k]) => k !== key));
  }
}

export type Json = null | boolean | number | string | RawJson | JsonObject | Json[];

/** Lone surrogates come out as `\ud800` escapes (well-formed JSON.stringify), as a hostile client would send them. */
export const toJsonText = (value: Json): string => {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  return JSON.stringify(value);
};

export const fromPlain = (value: unknown): Json => {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value !== null && typeof value === 'object') return new JsonObject(Object.entries(value).map(([k, v]) => [k, fromPlain(v)]));
  return value as Json;
};

export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const INVALID_DATES = [
  '2024-02-30',
  '2023-02-29',
  '2024-13',
  '2024-00',
  '2024-01-00',
  '0000',
  '1899',
  '99999-01-01',
  '2024-1-1',
  '2024-01-1',
  '20240101',
  '2024/01/01',
  ' 2024',
  '2024-01-01 ',
  '2024-01-01T00:00:00Z',
  '２０２４',
  '-2024',
  '+2024-01',
  '2024-W01',
];

export const ODD_UNICODE = [
  '\ud800',
  '\udfff',
  'a\udc00b',
  '\u202eevil\u202c',
  '\u200f',
  '\u0000',
  'x\u0000y',
  '\ufeff',
  '\uffff',
  '👩‍⚕️',
  '🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  'Z̴̡̛͓̈́a̸̢͎̍l̵̰̓g̶̱̈́o̷̗̊',
  '\u2028\u2029',
  '\t\r\n',
  'ﷺ',
  'İı',
  '\u00a0',
  '',
];

export const NAN_ISH = ['NaN', 'Infinity', '-Infinity', '-0', '1e309', '0x1F', '1_000', ' 1 ', 'null', 'undefined', 'true', '[]', '{}'];

/** Sizes on both sides of the 64 KiB body limit the app runs with; over it the answer is 413. */
const hugeString = fc
  .tuple(fc.constantFrom(1_000, 20_000, 70_000), fc.constantFrom('x', '\u202e', '😀', 'é', '\ud800'))
  .map(([size, unit]) => unit.repeat(Math.ceil(size / unit.length)));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INVALID_DATES, ...ODD_UNICODE, ...NAN_ISH) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

const rawNumber = fc
  .constantFrom('1e309', '-1e309', '-0', '1e-400', '123456789012345678901234567890', '0.1e1', '9007199254740993')
  .map((text) => new RawJson(text));

/** 10_000 levels are ~20-60 KB: under the body limit, so they reach the parser and the validation. */
export const deepNesting = fc
  .tuple(fc.constantFrom(40, 1_000, 10_000), fc.constantFrom('array', 'object'))
  .map(
    ([depth, kind]) =>
      new RawJson(kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

const leaf: fc.Arbitrary<Json> = fc.oneof(
  hostileString,
  rawNumber,
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(-0),
);

export const hostileKey = fc.oneof(fc.constantFrom(...FORBIDDEN_KEYS), fc.string({ unit: 'binary', maxLength: 12 }));

/** Any JSON, with hostile leaves and keys, including wrong types for every field. */
export const hostileValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 3 }).map((entries) => new JsonObject(entries)),
    deepNesting,
  ),
})).value;

/** An object with a prototype-ish key, at the top or one level down. */
export const protoKeyObject: fc.Arbitrary<JsonObject> = fc
  .tuple(fc.constantFrom(...FORBIDDEN_KEYS), hostileValue)
  .map(([key, value]) => new JsonObject([[key, value]]));

/** A key no DTO declares, so the request must be refused. */
export const unknownKey = fc.oneof(
  fc.constantFrom('actor', 'role', 'recordedAt', 'eventId'),
  fc.string({ maxLength: 8 }).map((s) => `zz_${s}`),
);

/** Path segments that can never decode to an NCT ID or a site id of the baseline (bad format or unknown). */
export const hostilePathParam = fc.oneof(
  fc.constantFrom(
    'NCT1',
    'nct06171906',
    'NCT061719060',
    'NCT0617190%EF%BC%96',
    '..%2f..%2fetc%2fpasswd',
    '..',
    '%2e%2e',
    '%00',
    '%ff',
    '%',
    '%zz',
    '%E2%80%AE',
    'NCT06171906%00',
    'NCT06171906%20',
    '%20NCT06171906',
    'NCT99999999',
    '__proto__',
    'constructor',
    'site-000000000000',
  ),
  fc.constantFrom(300, 3_000).map((n) => 'A'.repeat(n)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encodeUtf8),
);

/**
 * Query values go in the request line, which counts toward Node's 16 KiB header limit (beyond it Node answers
 * 431 before the app sees anything), so they are cut to at most 1,500 encoded characters.
 */
export const queryValue = hostileString.map((value) => {
  const chars = [...value];
  let end = Math.min(chars.length, 1_500);
  while (encodeUtf8(chars.slice(0, end).join('')).length > 1_500) end = Math.floor(end / 2);
  return chars.slice(0, end).join('');
});

/** Percent-encodes UTF-8 bytes; a lone surrogate becomes U+FFFD, as a browser would send it (encodeURIComponent throws). */
export function encodeUtf8(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
    .join('');
}

/** Header values Node's client accepts (latin-1, no CR/LF) that are still wrong for the header. */
export const latin1Junk = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 30,
});

export const badIfMatch = fc.oneof(
  fc.constantFrom(
    'one',
    '"',
    '""',
    '"-1"',
    'W/"1"',
    '*',
    '"1", "2"',
    `"${'9'.repeat(16)}"`,
    '"1e3"',
    '"0x1"',
    '"\u00e9"',
    '"999999"',
    '',
    ' ',
  ),
  fc.constantFrom(1_000, 3_000).map((n) => `"${'9'.repeat(n)}"`),
  latin1Junk.filter((v) => !/^\s*"\d{1,15}"\s*$/.test(v)),
);

/** Over 200 characters, or not visible ASCII: the Idempotency-Key and X-Correlation-Id rules refuse them. */
export const badToken = fc.oneof(
  fc.constantFrom('', ' ', 'a b', 'caf\u00e9', '\t', 'k'.repeat(201), 'k'.repeat(3_000)),
  latin1Junk.filter((v) => !/^[\x21-\x7e]{1,200}$/.test(v)),
);

/** Content types under which a JSON body never reaches the command: refused as unparsable, unsupported or missing fields. */
export const badContentType = fc.constantFrom(
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=utf-32',
  'application/json; charset=nope',
  'application/jsonx',
  '',
);
