/** The absolute base of the FHIR routes as the client addressed them, for fullUrl and the paging links. */
export const fhirBase = (request: { protocol?: string; headers: Record<string, string | string[] | undefined> }): string =>
  `${request.protocol ?? 'http'}://${String(request.headers.host ?? 'localhost')}/fhir`;

export type FhirRequest = Parameters<typeof fhirBase>[0] & { query?: Record<string, unknown> };
