/** One operation of the app's OpenAPI document: what the fuzzer may vary for it. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the document, e.g. `/trials/{nctId}/status`. */
  template: string;
  pathParams: string[];
  query: { name: string; required: boolean }[];
  /** The request body's declared properties; null when the operation takes no body. */
  bodyKeys: string[] | null;
}

export const routeKey = (route: Pick<RouteSpec, 'method' | 'template'>): string => `${route.method} ${route.template}`;

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type Operation = {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Document = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const bodyKeys = (doc: Document, op: Operation): string[] | null => {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema) return null;
  const resolved = schema.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop() as string] : schema;
  return Object.keys(resolved?.properties ?? {});
};

/** Every operation the document lists, so a new route is fuzzed without touching the spec. */
export const routesFromOpenApi = (doc: Document): RouteSpec[] =>
  Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.entries(ops).map(([method, op]): RouteSpec => ({
      method: method.toUpperCase() as RouteSpec['method'],
      template,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true })),
      bodyKeys: bodyKeys(doc, op),
    })),
  );
