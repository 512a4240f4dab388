import { Role } from '@trial-ledger/platform';
import request from 'supertest';
import { registerBody, siteBody, statusBody } from './trials';

/*
 * Who may call what: one row per route the API serves. The access matrices read it, embedded tokens in
 * test/api/access-matrix.int.spec.ts (which also checks it lists every route served and documented) and an
 * OpenID provider's in test/api/oidc-access-matrix.e2e.spec.ts.
 */
export type Access = 'public' | readonly Role[];
export interface RouteCase {
  access: Access;
  query?: string;
  /** A body the handler would accept: were authentication bypassed, the command would really run. */
  body?: () => object;
}

export const ANY_ROLE: readonly Role[] = ['reader', 'auditor', 'operator'];
export const AUDIT: readonly Role[] = ['operator', 'auditor'];
export const OPERATOR: readonly Role[] = ['operator'];
export const AUDITOR: readonly Role[] = ['auditor'];

/** Who may call what, one row per route of the OpenAPI document; a route missing here fails the suite. */
export const API_ROUTES: Record<string, RouteCase> = {
  'GET /health': { access: 'public' },
  'GET /health/live': { access: 'public' },
  'GET /health/ready': { access: 'public' },
  'GET /audit/config.json': { access: 'public' },
  'POST /trials': { access: OPERATOR, body: () => registerBody('NCT00000042') },
  'GET /trials': { access: ANY_ROLE, query: 'status=RECRUITING' },
  'POST /trials/{nctId}/status': { access: OPERATOR, body: () => statusBody('RECRUITING') },
  'POST /trials/{nctId}/sites': { access: OPERATOR, body: () => siteBody('Guangzhou') },
  'POST /trials/{nctId}/sites/{siteId}/status': {
    access: OPERATOR,
    body: () => ({ status: 'RECRUITING', effectiveDate: '2024-03-01', reason: 'Site initiation visit done' }),
  },
  'POST /trials/{nctId}/sites/{siteId}/facility': { access: OPERATOR, body: () => ({ facility: "Boston Children's", reason: 'Renamed' }) },
  'POST /trials/{nctId}/sites/{siteId}/removal': { access: OPERATOR, body: () => ({ reason: 'Site withdrew' }) },
  'POST /trials/{nctId}/enrollment': { access: OPERATOR, body: () => ({ count: 3, type: 'ACTUAL', reason: 'First patients' }) },
  'POST /trials/{nctId}/verification': { access: OPERATOR, body: () => ({ reason: 'Annual review of the whole record' }) },
  // Not the title: the corrections route below corrects the registered title, which an edit would supersede.
  'POST /trials/{nctId}/details': {
    access: OPERATOR,
    body: () => ({ secondaryIds: [{ id: `AMEND-${Date.now()}` }], reason: 'Protocol amendment' }),
  },
  'POST /trials/{nctId}/dates': {
    access: OPERATOR,
    body: () => ({ startDate: { date: '2024-02-01', type: 'ACTUAL' }, reason: 'First patient enrolled' }),
  },
  'POST /trials/{nctId}/corrections': {
    access: OPERATOR,
    body: () => ({ revision: 1, corrections: { title: 'Mesenchymal stem cells for poor graft function' }, reason: 'Typo' }),
  },
  'GET /trials/{nctId}': { access: ANY_ROLE },
  'GET /trials/{nctId}/sites/{siteId}': { access: ANY_ROLE },
  'GET /trials/{nctId}/history': { access: AUDIT },
  'GET /trials/{nctId}/history/export': { access: AUDIT, query: 'format=csv' },
  'GET /trials/{nctId}/state': { access: AUDIT, query: 'revision=1' },
  'GET /trials/{nctId}/verify': { access: AUDIT },
  'GET /trials/{nctId}/compliance': { access: AUDIT },
  'GET /compliance': { access: AUDIT },
  'GET /access-log': { access: AUDITOR, query: 'nctId=NCT06171906' },
  'GET /access-log/export': { access: AUDITOR, query: 'format=json' },
};

/** Routes left out of the OpenAPI document on purpose (the auditor page's static files); the matrix covers them too. */
export const UNDOCUMENTED_ROUTES: Record<string, RouteCase> = {
  'GET /audit': { access: 'public' },
  'GET /audit/{file}': { access: 'public' },
  // The FHIR view (docs/fhir.md), described by its CapabilityStatement rather than the OpenAPI document.
  'GET /fhir/metadata': { access: 'public' },
  'GET /fhir/ConceptMap/{id}': { access: ANY_ROLE },
  'GET /fhir/ResearchStudy': { access: ANY_ROLE, query: 'status=approved' },
  'GET /fhir/ResearchStudy/{nctId}': { access: ANY_ROLE },
  'GET /fhir/ResearchStudy/{nctId}/_history': { access: AUDIT },
  'GET /fhir/ResearchStudy/{nctId}/_history/{revision}': { access: AUDIT },
};

export const ROUTES = { ...API_ROUTES, ...UNDOCUMENTED_ROUTES };
// Served by SwaggerModule itself (the docs and the document), public by design; no Nest guard runs there.
export const SWAGGER_PATH = /^\/(docs|openapi\.json)/;
export const NCT = 'NCT06171906';

/** The ids a route's path template needs. */
export interface RouteIds {
  nctId: string;
  siteId: string;
}

/** The request a route's row describes, with the body its handler would accept; authorization is the caller's. */
export const routeRequest = (http: ReturnType<typeof request>, key: string, ids: RouteIds): request.Test => {
  const [method, template] = key.split(' ');
  const route = ROUTES[key];
  const path = template
    .replace('{nctId}', ids.nctId)
    .replace('{siteId}', ids.siteId)
    .replace('{file}', 'main.js')
    .replace('{id}', 'ct-gov-overall-status')
    .replace('{revision}', '1');
  const url = route.query ? `${path}?${route.query}` : path;
  return method === 'GET' ? http.get(url) : http.post(url).send(route.body?.() ?? {});
};
