import { FhirResource } from './resource';

export interface SearchPage {
  /** The base URL of the FHIR routes, absolute (e.g. https://host/fhir). */
  base: string;
  /** The query that produced the page, without paging: it is repeated in the links. */
  query: URLSearchParams;
  resources: FhirResource[];
  total: number;
  count: number;
  offset: number;
}

const pageUrl = ({ base, query }: SearchPage, count: number, offset: number): string => {
  const params = new URLSearchParams(query);
  params.set('_count', String(count));
  params.set('_offset', String(offset));
  return `${base}/ResearchStudy?${params.toString()}`;
};

const links = (page: SearchPage): FhirResource[] => {
  const { count, offset, total } = page;
  return [
    { relation: 'self', url: pageUrl(page, count, offset) },
    { relation: 'first', url: pageUrl(page, count, 0) },
    ...(count > 0 && offset > 0 ? [{ relation: 'previous', url: pageUrl(page, count, Math.max(0, offset - count)) }] : []),
    ...(count > 0 && offset + count < total ? [{ relation: 'next', url: pageUrl(page, count, offset + count) }] : []),
  ];
};

/** A searchset Bundle: one page of matches, the total, and links to the neighbouring pages. */
export const searchsetBundle = (page: SearchPage): FhirResource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: page.total,
  link: links(page),
  ...(page.resources.length
    ? {
        entry: page.resources.map((resource) => ({
          fullUrl: `${page.base}/ResearchStudy/${resource.id}`,
          resource,
          search: { mode: 'match' },
        })),
      }
    : {}),
});

/** A history Bundle of one resource's versions, newest first, as FHIR orders history. */
export const historyBundle = (base: string, versions: FhirResource[]): FhirResource => {
  const newestFirst = [...versions].reverse();
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: versions.length,
    link: newestFirst.length ? [{ relation: 'self', url: `${base}/ResearchStudy/${newestFirst[0].id}/_history` }] : [],
    entry: newestFirst.map((resource) => {
      const meta = resource.meta as { versionId: string; lastUpdated: string };
      const url = `ResearchStudy/${resource.id}`;
      const created = meta.versionId === '1';
      return {
        fullUrl: `${base}/${url}`,
        resource,
        request: { method: created ? 'POST' : 'PUT', url: created ? 'ResearchStudy' : url },
        response: { status: created ? '201 Created' : '200 OK', etag: `W/"${meta.versionId}"`, lastModified: meta.lastUpdated },
      };
    }),
  };
};
