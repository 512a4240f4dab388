import { registerBody, siteBody, statusBody } from '../trials';

/**
 * The n-th command on a trial that one client drives alone: registration, then sites, a site's status,
 * enrollment and status in turn. Every step is valid after the ones before it, so none is refused by the
 * domain; `siteId` is the site the last AddSite created.
 */
export const soloCommand = (nctId: string, n: number, siteId: string): [string, object] => {
  if (n === 0) return ['/trials', registerBody(nctId)];
  switch (n % 4) {
    case 1:
      return [`/trials/${nctId}/sites`, siteBody(`${nctId} town ${n}`)];
    case 2:
      return [`/trials/${nctId}/sites/${siteId}/status`, { status: 'RECRUITING', effectiveDate: '2024-03-01', reason: 'Open' }];
    case 3:
      return [`/trials/${nctId}/enrollment`, { count: n, type: 'ACTUAL', effectiveDate: '2024-06', reason: 'Count' }];
    // NOT_YET_RECRUITING → RECRUITING, then back and forth with ACTIVE_NOT_RECRUITING.
    default:
      return [`/trials/${nctId}/status`, statusBody(n % 8 === 0 ? 'ACTIVE_NOT_RECRUITING' : 'RECRUITING')];
  }
};
