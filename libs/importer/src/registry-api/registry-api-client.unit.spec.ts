import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { RegistryApiServer, changedStudies } from '../../../../test/support/registry-api-server';
import { realRecords } from '../../../../test/support/registry-corpus';
import { Pacing } from './pacing';
import { RegistryApiClient, RegistryApiSettings } from './registry-api-client';
import { RegistryPageError, RegistryUnavailableError } from './registry-page';

/** Time that passes only when the client sleeps: every wait is recorded and none is slept through. */
class FakePacing extends Pacing {
  readonly sleeps: number[] = [];
  constructor(private t = Date.parse('2024-03-15T12:00:00Z')) {
    super();
  }
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += ms;
  }
  random(): number {
    return 0.5;
  }
}

const STUDIES = changedStudies(realRecords(), 25, '2024-03-01', 3);

describe('RegistryApiClient', () => {
  let registry: RegistryApiServer;
  let pacing: FakePacing;
  beforeEach(async () => {
    registry = await RegistryApiServer.start(STUDIES);
    pacing = new FakePacing();
  });
  afterEach(() => registry.close());

  const client = (settings: Partial<RegistryApiSettings> = {}) =>
    new RegistryApiClient({ baseUrl: `${registry.baseUrl}/`, pageSize: 10, requestsPerSecond: 2, maxRetryMs: 60_000, ...settings }, pacing);
  const all = async (c: RegistryApiClient, since = '2024-03-01') => {
    const pages = [];
    for await (const page of c.pages(since)) pages.push(page);
    return pages;
  };

  it('given 25 changed studies, when paged by 10, then three pages, the same query each time with the token, spaced by the rate', async () => {
    const pages = await all(client());
    // Page number, studies, totalCount, whether it had no pageToken, whether it is the last.
    expect(pages.map((p) => [p.number, p.studies.length, p.totalCount, p.pageToken === null, p.nextPageToken === null])).toEqual([
      [1, 10, 25, true, false],
      [2, 10, null, false, false],
      [3, 5, null, false, true],
    ]);
    const [one, two] = registry.pageRequests;
    expect(one.searchParams.get('countTotal')).toBe('true');
    expect(two.searchParams.get('countTotal')).toBeNull();
    expect(two.searchParams.get('pageToken')).toBe(pages[0].nextPageToken);
    expect([...two.searchParams.keys()].filter((k) => k !== 'pageToken')).toEqual(
      [...one.searchParams.keys()].filter((k) => k !== 'countTotal'),
    );
    // 2 requests a second: 500 ms from one request's start to the next's, on the fake clock.
    expect(pacing.sleeps).toEqual([500, 500]);
  });

  it('given 503s, when retried, then waits grow twofold with half of each random (equal jitter), and the page comes', async () => {
    registry.failNext(503, 3);
    const page = await client().fetchPage('2024-03-01', 1, null);
    expect(page.studies).toHaveLength(10);
    expect(pacing.sleeps).toEqual([750, 1500, 3000]);
  });

  it('given a 429 with Retry-After, when retried, then never sooner than asked, in seconds or as an HTTP date', async () => {
    registry.failNext(429, 1, '7');
    registry.failNext(429, 1, new Date(pacing.now() + 7000 + 12_000).toUTCString());
    await client().fetchPage('2024-03-01', 1, null);
    expect(pacing.sleeps).toEqual([7000, 12_000]);
  });

  it('given a registry failing past maxRetryMs, then gives up before the wait that would pass it, naming the page', async () => {
    registry.failNext(500, 100);
    const notices: number[] = [];
    const failed = client({ maxRetryMs: 5000 })
      .fetchPage('2024-03-01', 1, null, undefined, (n) => notices.push(n.waitMs))
      .catch((e: unknown) => e);
    const error = (await failed) as RegistryUnavailableError;
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error.message).toBe('HTTP 500: injected 500; gave up after 3 attempts over 2 s (the bound is 5 s)');
    expect([error.page.number, error.page.url]).toEqual([1, expect.stringContaining(`${registry.baseUrl}/studies?format=json`)]);
    expect([notices, pacing.sleeps]).toEqual([
      [750, 1500],
      [750, 1500],
    ]);
  });

  it('given no server at all, then no answer is retried like a 503, and reported as such', async () => {
    const gone = client({ maxRetryMs: 1000 });
    const port = new URL(registry.baseUrl).port;
    await registry.close();
    const error = (await gone.fetchPage('2024-03-01', 1, null).catch((e: unknown) => e)) as RegistryUnavailableError;
    expect(error.message).toMatch(new RegExp(`^no answer \\(.*ECONNREFUSED 127\\.0\\.0\\.1:${port}.*\\); gave up after 2 attempts`));
    registry = await RegistryApiServer.start([]);
  });

  it('given a server that never answers, then each request times out and is retried like a 503', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/v2`;
      const c = new RegistryApiClient(
        { baseUrl: url, pageSize: 10, requestsPerSecond: 2, maxRetryMs: 1000, requestTimeoutMs: 100 },
        pacing,
      );
      const error = (await c.fetchPage('2024-03-01', 1, null).catch((e: unknown) => e)) as RegistryUnavailableError;
      expect(error.message).toMatch(/^no answer \(.*timeout.*\); gave up after 2 attempts/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it.each([
    ['a 400', (r: RegistryApiServer) => r.failPage(2, 400, 1), 'HTTP 400: injected 400'],
    ['a body that is not JSON', (r: RegistryApiServer) => r.breakPage(2, 'not-json'), /^the body is not JSON \(.+\): "<html>/],
    ['a body without studies', (r: RegistryApiServer) => r.breakPage(2, 'no-studies'), 'the body has no "studies" array'],
  ])('given %s for page 2, then a RegistryPageError naming page 2 and its token, with no retry', async (_, fault, message) => {
    fault(registry);
    const c = client();
    const first = await c.fetchPage('2024-03-01', 1, null);
    const error = (await c.fetchPage('2024-03-01', 2, first.nextPageToken).catch((e: unknown) => e)) as RegistryPageError;
    expect(error).toBeInstanceOf(RegistryPageError);
    expect(error).not.toBeInstanceOf(RegistryUnavailableError);
    expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect([error.page.number, error.page.pageToken]).toEqual([2, first.nextPageToken]);
    expect(registry.requests).toHaveLength(2);
  });

  it('given a stop while it waits to retry, then the wait ends at once with the stop', async () => {
    registry.failNext(503, 5);
    const stop = new AbortController();
    const failed = client()
      .fetchPage('2024-03-01', 1, null, stop.signal, () => stop.abort(new Error('stopped')))
      .catch((e: unknown) => e);
    expect(((await failed) as Error).message).toBe('stopped');
    expect(registry.requests).toHaveLength(1);
  });
});
