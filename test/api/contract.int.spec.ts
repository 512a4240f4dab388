import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ApiSchemas, TrialLedgerClient, createTrialLedgerClient } from '@trial-ledger/api-client';
import { TestApp, startTestApp } from '../support/test-app';
import { registerBody, siteBody, statusBody } from '../support/trials';

type Schema = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
type Answer = { response: Response; data?: unknown; error?: unknown };

const document: Document = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8'));

/**
 * Issue 20, item 5: every route of the committed contract (docs/openapi.json) driven through the typed client
 * (libs/api-client) against the real app, each answer's status listed for its route and its body valid against
 * the schema the document gives that status and media type.
 */
describe('the API contract, through the typed client', () => {
  let t: TestApp;
  let operator: TrialLedgerClient;
  let auditor: TrialLedgerClient;
  let anonymous: TrialLedgerClient;
  const seen = new Set<string>();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'contract', components: document.components });
  const nctId = 'NCT06171906';

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const client = (token?: string) => createTrialLedgerClient({ baseUrl, token });
    operator = client(t.token('operator').slice('Bearer '.length));
    auditor = client(t.token('auditor').slice('Bearer '.length));
    anonymous = client();
  });
  afterAll(() => t.close());

  const validator = (schema: Schema): ValidateFunction => {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : null;
    return ref ? (ajv.getSchema(`contract${ref}`) as ValidateFunction) : ajv.compile(schema);
  };

  /** The answer's status is one the route documents, and its body fits that status's schema. */
  const conforms = <A extends Answer>(method: string, path: string, answer: A, status: number): A => {
    const { response } = answer;
    const documented = document.paths[path]?.[method]?.responses[String(response.status)];
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0];
    const schema = documented?.content?.[mediaType]?.schema;
    expect([method, path, response.status, mediaType, schema !== undefined]).toEqual([method, path, status, mediaType, true]);
    const validate = validator(schema as Schema);
    const body = response.ok ? answer.data : answer.error;
    expect([method, path, validate(body) ? 'valid' : validate.errors]).toEqual([method, path, 'valid']);
    seen.add(`${method} ${path}`);
    return answer;
  };

  it('the document the API serves is the committed one', async () => {
    const served = await fetch(new URL('/openapi.json', (await t.app.getUrl()).replace('[::1]', '127.0.0.1')));
    expect(await served.json()).toEqual(document);
  });

  it('commands: each answer is a documented status whose body fits its schema', async () => {
    const registered = await operator.POST('/trials', { body: registerBody(nctId) as ApiSchemas['RegisterTrialDto'] });
    conforms('post', '/trials', registered, 201);
    const path = { nctId };
    const site = conforms(
      'post',
      '/trials/{nctId}/sites',
      await operator.POST('/trials/{nctId}/sites', { params: { path }, body: siteBody('Chongqing') as ApiSchemas['AddSiteDto'] }),
      201,
    );
    const siteId = site.data?.siteId as string;
    const sitePath = { nctId, siteId };
    conforms(
      'post',
      '/trials/{nctId}/status',
      await operator.POST('/trials/{nctId}/status', { params: { path }, body: statusBody('RECRUITING') as ApiSchemas['UpdateStatusDto'] }),
      200,
    );
    conforms(
      'post',
      '/trials/{nctId}/sites/{siteId}/status',
      await operator.POST('/trials/{nctId}/sites/{siteId}/status', {
        params: { path: sitePath },
        body: { status: 'RECRUITING', effectiveDate: '2024-03-01', reason: 'First patient in' },
      }),
      200,
    );
    conforms(
      'post',
      '/trials/{nctId}/enrollment',
      await operator.POST('/trials/{nctId}/enrollment', {
        params: { path },
        body: { count: 12, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Interim count' },
      }),
      200,
    );
    conforms(
      'post',
      '/trials/{nctId}/dates',
      await operator.POST('/trials/{nctId}/dates', {
        params: { path },
        body: { startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'Start confirmed' },
      }),
      200,
    );
    conforms(
      'post',
      '/trials/{nctId}/verification',
      await operator.POST('/trials/{nctId}/verification', { params: { path }, body: { verifiedOn: '2025-01', reason: 'Annual review' } }),
      200,
    );
    conforms(
      'post',
      '/trials/{nctId}/details',
      await operator.POST('/trials/{nctId}/details', { params: { path }, body: { title: 'MSC for PGF', reason: 'Amendment 2' } }),
      200,
    );
    conforms(
      'post',
      '/trials/{nctId}/corrections',
      await operator.POST('/trials/{nctId}/corrections', {
        params: { path },
        body: { revision: 2, corrections: { city: 'Chongqing City' }, reason: 'City misspelt at entry' },
      }),
      201,
    );
    conforms(
      'post',
      '/trials/{nctId}/sites/{siteId}/facility',
      await operator.POST('/trials/{nctId}/sites/{siteId}/facility', {
        params: { path: sitePath },
        body: { facility: 'Xinqiao Hospital', reason: 'Renamed' },
      }),
      200,
    );
    const site2 = await operator.POST('/trials/{nctId}/sites', { params: { path }, body: siteBody('Wuhan') as ApiSchemas['AddSiteDto'] });
    conforms(
      'post',
      '/trials/{nctId}/sites/{siteId}/removal',
      await operator.POST('/trials/{nctId}/sites/{siteId}/removal', {
        params: { path: { nctId, siteId: site2.data?.siteId as string } },
        body: { reason: 'Site closed before enrolment' },
      }),
      200,
    );
  });

  it('reads: each answer is a documented status whose body fits its schema', async () => {
    const path = { nctId };
    const trial = conforms('get', '/trials/{nctId}', await auditor.GET('/trials/{nctId}', { params: { path } }), 200);
    expect(trial.response.headers.get('etag')).toBe(`"${trial.data?.revision}"`);
    const siteId = trial.data?.sites[0].siteId as string;
    conforms(
      'get',
      '/trials/{nctId}/sites/{siteId}',
      await auditor.GET('/trials/{nctId}/sites/{siteId}', { params: { path: { nctId, siteId } } }),
      200,
    );
    conforms('get', '/trials', await auditor.GET('/trials', { params: { query: { status: 'RECRUITING' } } }), 200);
    conforms('get', '/trials/{nctId}/history', await auditor.GET('/trials/{nctId}/history', { params: { path } }), 200);
    conforms('get', '/trials/{nctId}/state', await auditor.GET('/trials/{nctId}/state', { params: { path, query: { revision: 2 } } }), 200);
    conforms('get', '/trials/{nctId}/verify', await auditor.GET('/trials/{nctId}/verify', { params: { path } }), 200);
    conforms('get', '/trials/{nctId}/compliance', await auditor.GET('/trials/{nctId}/compliance', { params: { path } }), 200);
    conforms('get', '/compliance', await auditor.GET('/compliance', { params: { query: {} } }), 200);
    conforms(
      'get',
      '/trials/{nctId}/history/export',
      await auditor.GET('/trials/{nctId}/history/export', { params: { path, query: { format: 'json' } } }),
      200,
    );
    const csv = await auditor.GET('/trials/{nctId}/history/export', { params: { path, query: { format: 'csv' } }, parseAs: 'text' });
    conforms('get', '/trials/{nctId}/history/export', csv, 200);
    const accessLog = await auditor.GET('/access-log', { params: { query: { nctId } } });
    conforms('get', '/access-log', accessLog, 200);
    expect(accessLog.data?.total).toBeGreaterThan(0);
    conforms('get', '/access-log/export', await auditor.GET('/access-log/export', { params: { query: { format: 'json' } } }), 200);
    conforms('get', '/health', await anonymous.GET('/health'), 200);
    conforms('get', '/health/live', await anonymous.GET('/health/live'), 200);
    conforms('get', '/health/ready', await anonymous.GET('/health/ready'), 200);
    conforms('get', '/audit/config.json', await anonymous.GET('/audit/config.json'), 200);
  });

  it('refusals: problem documents of the statuses each route lists', async () => {
    const path = { nctId };
    conforms('get', '/trials/{nctId}', await anonymous.GET('/trials/{nctId}', { params: { path } }), 401);
    conforms(
      'post',
      '/trials/{nctId}/status',
      await auditor.POST('/trials/{nctId}/status', { params: { path }, body: statusBody('COMPLETED') as ApiSchemas['UpdateStatusDto'] }),
      403,
    );
    const invalid = await operator.POST('/trials/{nctId}/status', {
      params: { path },
      body: { status: 'RECRUITING' } as ApiSchemas['UpdateStatusDto'],
    });
    conforms('post', '/trials/{nctId}/status', invalid, 400);
    expect(invalid.error?.errors).toEqual([
      { field: 'effectiveDate', message: 'effectiveDate is required' },
      { field: 'reason', message: 'reason is required' },
    ]);
    conforms('get', '/trials/{nctId}', await operator.GET('/trials/{nctId}', { params: { path: { nctId: 'NCT99999999' } } }), 404);
    conforms('get', '/access-log', await operator.GET('/access-log', { params: { query: {} } }), 403);
    conforms(
      'get',
      '/trials/{nctId}/sites/{siteId}',
      await operator.GET('/trials/{nctId}/sites/{siteId}', { params: { path: { nctId, siteId: 'site-000000000000' } } }),
      404,
    );
    conforms('post', '/trials', await operator.POST('/trials', { body: registerBody(nctId) as ApiSchemas['RegisterTrialDto'] }), 409);
    const stale = await operator.POST('/trials/{nctId}/status', {
      params: { path, header: { 'If-Match': '"1"' } },
      body: statusBody('ACTIVE_NOT_RECRUITING') as ApiSchemas['UpdateStatusDto'],
    });
    conforms('post', '/trials/{nctId}/status', stale, 412);
    const text = await operator.POST('/trials', {
      body: registerBody('NCT00000002') as ApiSchemas['RegisterTrialDto'],
      bodySerializer: () => 'nctId=NCT00000002',
      headers: { 'Content-Type': 'text/plain' },
    });
    conforms('post', '/trials', text, 415);
  });

  it('every route of the document was driven', () => {
    const routes = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(routes.filter((route) => !seen.has(route))).toEqual([]);
  });
});
