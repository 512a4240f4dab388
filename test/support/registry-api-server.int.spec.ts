import { RegistryApiServer, changedStudies, lastUpdateOf, nctIdOf } from './registry-api-server';
import { realRecords } from './registry-corpus';
import { registrySchema } from './registry-oas';

const RECORDS = realRecords();
const PAGED_STUDIES = registrySchema('PagedStudies');

const query = (since: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    format: 'json',
    'filter.advanced': `AREA[LastUpdatePostDate]RANGE[${since},MAX]`,
    sort: 'LastUpdatePostDate:asc',
    ...extra,
  });

/** Every page from the first, following nextPageToken, as the bodies the server sent. */
const allPages = async (server: RegistryApiServer, since: string, pageSize: number): Promise<Record<string, unknown>[]> => {
  const pages: Record<string, unknown>[] = [];
  let token: string | undefined;
  do {
    const q = query(since, { pageSize: String(pageSize), ...(token ? { pageToken: token } : { countTotal: 'true' }) });
    const response = await fetch(`${server.baseUrl}/studies?${q.toString()}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as Record<string, unknown>;
    pages.push(page);
    token = page.nextPageToken as string | undefined;
  } while (token !== undefined);
  return pages;
};

describe('the local registry server (test support), against the registry OpenAPI document', () => {
  let server: RegistryApiServer;
  // The six real records as they are, and 40 more made from them: other NCT IDs, 4 a day from 2024-03-01.
  const studies = [...RECORDS, ...changedStudies(RECORDS, 40, '2024-03-01', 4)];
  beforeAll(async () => (server = await RegistryApiServer.start(studies)));
  afterAll(() => server.close());

  it('serves the real records unchanged, each page valid against PagedStudies (ctg-oas-v2.yaml)', async () => {
    const pages = await allPages(server, '2000-01-01', 4);
    expect(pages).toHaveLength(Math.ceil(46 / 4));
    for (const page of pages) expect([PAGED_STUDIES(page), PAGED_STUDIES.errors ?? null]).toEqual([true, null]);
    const served = pages.flatMap((p) => p.studies as Record<string, unknown>[]);
    for (const record of RECORDS) expect(served).toContainEqual(record);
    expect(pages[0].totalCount).toBe(46);
    expect(pages.slice(1).every((p) => !('totalCount' in p))).toBe(true);
    expect('nextPageToken' in pages[pages.length - 1]).toBe(false);
  });

  it('filters on LastUpdatePostDate from the day given, inclusive, oldest first, each study once', async () => {
    const served = (await allPages(server, '2024-03-05', 7)).flatMap((p) => p.studies as Record<string, unknown>[]);
    const dates = served.map(lastUpdateOf);
    expect(dates[0]).toBe('2024-03-05');
    expect(dates).toEqual([...dates].sort());
    expect(served).toHaveLength(40 - 16);
    expect(new Set(served.map(nctIdOf)).size).toBe(served.length);
  });

  it('the check can fail: a study the schema does not allow, and a page without studies, are refused with their path', () => {
    const paused = structuredClone(RECORDS[0]) as { protocolSection: { statusModule: Record<string, unknown> } };
    paused.protocolSection.statusModule.overallStatus = 'PAUSED';
    expect(PAGED_STUDIES({ studies: [paused] })).toBe(false);
    expect(PAGED_STUDIES.errors?.[0]).toMatchObject({ instancePath: '/studies/0/protocolSection/statusModule/overallStatus' });
    expect(PAGED_STUDIES({ nextPageToken: 'x' })).toBe(false);
    expect(PAGED_STUDIES({ studies: [], unknownField: 1 })).toBe(false);
  });

  it('answers 400 with text for a stale pageToken, and the faults it is told to', async () => {
    const first = (await (await fetch(`${server.baseUrl}/studies?${query('2000-01-01', { pageSize: '10' }).toString()}`)).json()) as {
      nextPageToken: string;
    };
    server.expireTokens();
    const stale = await fetch(`${server.baseUrl}/studies?${query('2000-01-01', { pageToken: first.nextPageToken }).toString()}`);
    expect([stale.status, stale.headers.get('content-type'), await stale.text()]).toEqual([
      400,
      'text/plain',
      expect.stringMatching(/pageToken/),
    ]);
    server.failNext(429, 1, '3');
    const limited = await fetch(`${server.baseUrl}/studies?${query('2000-01-01').toString()}`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    server.breakPage(1, 'no-studies');
    const broken = (await (await fetch(`${server.baseUrl}/studies?${query('2000-01-01').toString()}`)).json()) as unknown;
    expect(PAGED_STUDIES(broken)).toBe(false);
    server.mendPages();
  });
});
