import fc from 'fast-check';
import {
  FORBIDDEN_KEYS,
  Json,
  JsonObject,
  RawJson,
  badContentType,
  badIfMatch,
  badToken,
  deepNesting,
  encodeUtf8,
  hostilePathParam,
  hostileValue,
  protoKeyObject,
  queryValue,
  toJsonText,
  unknownKey,
} from './arbitraries';
import { RouteSpec } from './openapi-routes';

/** A valid request for the route, which the mutations then spoil. */
export interface Baseline {
  pathParams: Record<string, string>;
  query: [string, string][];
  body: JsonObject | null;
}

/** What is sent, as readable text, so a shrunk counterexample can be replayed by hand. */
export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  /** True when some mutation makes the request invalid by construction: only a 4xx is right. */
  mustReject: boolean;
  mutations: string[];
  /** The kind of each mutation (see `mutationKinds`), to count what a run covered. */
  kinds: string[];
}

interface Draft extends Baseline {
  bodyValue: Json | null;
  headers: Record<string, string | null>;
}

interface Mutation {
  kind: string;
  label: string;
  /** The mutation alone makes the request invalid whatever else is sent. */
  reject: boolean;
  apply(draft: Draft): void;
}

/** Each arbitrary makes mutations of one kind: the first word of its labels ('set', 'query twice', 'If-Match'…). */
type Kinded = [kind: string, arbitrary: fc.Arbitrary<Mutation>];
const mutation =
  (kind: string) =>
  (label: string, reject: boolean, apply: (d: Draft) => void): Mutation => ({ kind, label, reject, apply });
const onObject = (d: Draft, change: (o: JsonObject) => JsonObject): void => {
  if (d.bodyValue instanceof JsonObject) d.bodyValue = change(d.bodyValue);
};
const short = (v: unknown): string =>
  ((s) => (s.length > 60 ? `${s.slice(0, 60)}…(${s.length})` : s))(v instanceof RawJson ? v.text : (JSON.stringify(v) ?? String(v)));

const BODY_JUNK = [
  '',
  '{',
  '{"a":1,}',
  'nul',
  '\u0000',
  "{'a':1}",
  'NaN',
  '{"a":1}{"b":2}',
  '"just a string"',
  '42',
  'null',
  '[]',
  '{}garbage',
];

/** Forbidden keys at the top, or inside an object field of the valid body (where a silent strip would go unnoticed). */
const forbiddenKey = (keys: string[]): Kinded => [
  'forbidden key',
  fc.tuple(fc.constantFrom(...FORBIDDEN_KEYS), hostileValue, fc.constantFrom(undefined, ...keys)).map(([key, value, into]) =>
    mutation('forbidden key')(`forbidden key ${into ? `${into}.` : ''}${key}=${short(value)}`, true, (d) =>
      onObject(d, (o) => {
        const inner = into === undefined ? undefined : o.entries.find(([k]) => k === into)?.[1];
        return inner instanceof JsonObject ? o.with(into as string, inner.with(key, value)) : o.with(key, value);
      }),
    ),
  ),
];

const bodyMutations = (keys: string[]): Kinded[] => [
  ...(keys.length === 0
    ? []
    : ([
        [
          'set',
          fc
            .tuple(fc.constantFrom(...keys), hostileValue)
            .map(([k, v]) => mutation('set')(`set ${k}=${short(v)}`, false, (d) => onObject(d, (o) => o.with(k, v)))),
        ],
        ['delete', fc.constantFrom(...keys).map((k) => mutation('delete')(`delete ${k}`, false, (d) => onObject(d, (o) => o.without(k))))],
      ] satisfies Kinded[])),
  [
    'unknown',
    fc
      .tuple(
        unknownKey.filter((k) => !keys.includes(k)),
        hostileValue,
      )
      .map(([k, v]) => mutation('unknown')(`unknown ${k}=${short(v)}`, true, (d) => onObject(d, (o) => o.with(k, v)))),
  ],
  forbiddenKey(keys),
  [
    'body',
    fc
      .oneof(
        hostileValue.filter((v) => !(v instanceof JsonObject)),
        protoKeyObject,
        deepNesting,
        fc.constantFrom(...BODY_JUNK).map((t) => new RawJson(t)),
      )
      .map((v) => mutation('body')(`body=${short(v)}`, true, (d) => (d.bodyValue = v))),
  ],
  [
    'Content-Type',
    badContentType.map((v) => mutation('Content-Type')(`Content-Type ${JSON.stringify(v)}`, true, (d) => (d.headers['Content-Type'] = v))),
  ],
  [
    'Content-Encoding',
    fc
      .constantFrom('gzip', 'deflate', 'br', 'identity, gzip', 'x-junk')
      .map((v) => mutation('Content-Encoding')(`Content-Encoding ${v}`, true, (d) => (d.headers['Content-Encoding'] = v))),
  ],
];

const queryMutations = (names: string[]): Kinded[] =>
  names.length === 0
    ? []
    : [
        [
          'query',
          fc
            .tuple(fc.constantFrom(...names), queryValue)
            .map(([k, v]) =>
              mutation('query')(`query ${k}=${short(v)}`, false, (d) => (d.query = [...d.query.filter(([q]) => q !== k), [k, v]])),
            ),
        ],
        [
          'query twice',
          fc
            .tuple(fc.constantFrom(...names), queryValue, queryValue)
            .map(([k, a, b]) =>
              mutation('query twice')(`query ${k} twice`, true, (d) => (d.query = [...d.query.filter(([q]) => q !== k), [k, a], [k, b]])),
            ),
        ],
        [
          'query unknown',
          fc
            .tuple(
              fc.oneof(
                unknownKey.filter((k) => !names.includes(k)),
                fc.constantFrom(...FORBIDDEN_KEYS),
              ),
              queryValue,
            )
            .map(([k, v]) => mutation('query unknown')(`query unknown ${k}`, true, (d) => d.query.push([k, v]))),
        ],
      ];

/** If-Match, Idempotency-Key and X-Correlation-Id are read by commands only; a GET ignores them. */
const headerMutations = (command: boolean): Kinded[] => [
  ['If-Match', badIfMatch.map((v) => mutation('If-Match')(`If-Match ${short(v)}`, command, (d) => (d.headers['If-Match'] = v)))],
  [
    'bad token header',
    fc
      .tuple(fc.constantFrom('Idempotency-Key', 'X-Correlation-Id'), badToken)
      .map(([h, v]) => mutation('bad token header')(`${h} ${short(v)}`, command, (d) => (d.headers[h] = v))),
  ],
  [
    'valid Idempotency-Key',
    fc
      .string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 200 })
      .map((v) =>
        mutation('valid Idempotency-Key')(`Idempotency-Key ${short(v)} (valid)`, false, (d) => (d.headers['Idempotency-Key'] = v)),
      ),
  ],
  // At most 4 KB each, so that the whole head stays under Node's 16 KiB (beyond it Node answers 431 itself).
  [
    'long header',
    fc
      .tuple(
        fc.constantFrom('X-Filler', 'Accept', 'Accept-Charset', 'Range'),
        fc.constantFrom(1, 100, 4_000),
        fc.constantFrom('a', '\u00e9', ',', ';q=0'),
      )
      .map(([h, n, unit]) =>
        mutation('long header')(`${h} ${unit}… (${n})`, false, (d) => (d.headers[h] = unit.repeat(Math.ceil(n / unit.length)))),
      ),
  ],
];

const pathMutations = (params: string[]): Kinded[] =>
  params.length === 0
    ? []
    : [
        [
          'path',
          fc
            .tuple(fc.constantFrom(...params), hostilePathParam)
            .map(([p, v]) => mutation('path')(`path ${p}=${short(v)}`, true, (d) => (d.pathParams = { ...d.pathParams, [p]: v }))),
        ],
      ];

const build = (route: RouteSpec, base: Baseline, token: string, mutations: Mutation[]): HostileRequest => {
  // The ones that make the request invalid go last, so that no later change can take their effect back.
  const ordered = [...mutations].sort((a, b) => Number(a.reject) - Number(b.reject));
  const draft: Draft = { ...base, query: [...base.query], bodyValue: base.body, headers: { Authorization: token } };
  if (route.bodyKeys !== null) draft.headers['Content-Type'] = 'application/json';
  ordered.forEach((m) => m.apply(draft));
  const path = route.template.replace(/{(\w+)}/g, (_, name: string) => draft.pathParams[name] ?? 'x');
  const query = draft.query.map(([k, v]) => `${encodeUtf8(k)}=${encodeUtf8(v)}`).join('&');
  const headers = Object.fromEntries(Object.entries(draft.headers).filter((e): e is [string, string] => e[1] !== null));
  return {
    method: route.method,
    path: query ? `${path}?${query}` : path,
    headers,
    body: route.bodyKeys === null || draft.bodyValue === null ? null : toJsonText(draft.bodyValue),
    mustReject: ordered.some((m) => m.reject),
    mutations: ordered.map((m) => m.label),
    kinds: ordered.map((m) => m.kind),
  };
};

/** The kinds of mutation a route can get: body, query, path and headers, whichever the route has. */
const mutationsFor = (route: RouteSpec): Kinded[] => [
  ...(route.bodyKeys === null ? [] : bodyMutations(route.bodyKeys)),
  ...queryMutations(route.query.map((q) => q.name)),
  ...pathMutations(route.pathParams),
  ...headerMutations(route.method !== 'GET'),
];

export const mutationKinds = (route: RouteSpec): string[] => mutationsFor(route).map(([kind]) => kind);

/** One to three mutations of the baseline, each of a kind the route has, all kinds equally likely. */
export const hostileRequest = (route: RouteSpec, base: Baseline, tokens: string[]): fc.Arbitrary<HostileRequest> =>
  fc
    .tuple(
      fc.constantFrom(...tokens),
      fc.array(fc.oneof(...mutationsFor(route).map(([, arbitrary]) => arbitrary)), { minLength: 1, maxLength: 3 }),
    )
    .map(([token, mutations]) => build(route, base, token, mutations));
