import * as ts from 'typescript';
import * as TJS from 'typescript-json-schema';

type Json = unknown;
type Definitions = Record<string, Json>;

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';
// What an OpenAPI component may be called; `Record<string,unknown>` and its kind are written out where they are used.
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

const program = (entry: string, tsconfig: string): ts.Program => {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ts.sys.resolvePath(`${tsconfig}/..`));
  return TJS.getProgramFromFiles([entry], { ...options, types: [] });
};

/** References point at the document's components; a definition no component may be named after is inlined. */
const relink = (node: Json, definitions: Definitions): Json => {
  if (Array.isArray(node)) return node.map((item) => relink(item, definitions));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as { $ref?: string };
  if (typeof $ref === 'string' && $ref.startsWith(DEFINITIONS)) {
    const name = decodeURIComponent($ref.slice(DEFINITIONS.length));
    return COMPONENT_NAME.test(name) ? { ...rest, $ref: `${COMPONENTS}${name}` } : relink(definitions[name], definitions);
  }
  return Object.fromEntries(Object.entries(openMap(node)).map(([key, value]) => [key, relink(value, definitions)]));
};

/**
 * `noExtraProps` closes every object, `Record<string, unknown>` too, which then admits only `{}`; an object schema
 * that declares no member is a map, and stays open.
 */
const openMap = (node: object): object => {
  const { additionalProperties, ...rest } = node as { additionalProperties?: unknown; properties?: unknown };
  return additionalProperties === false && rest.properties === undefined ? rest : node;
};

/**
 * JSON schemas of the types `entry` exports and of every type they use: required members required, no member
 * beyond those declared, `T | null` as a type that admits null.
 */
export const responseSchemas = (entry: string, tsconfig: string): Definitions => {
  const source = program(entry, tsconfig);
  const settings: TJS.PartialArgs = { required: true, noExtraProps: true, strictNullChecks: true, ignoreErrors: true };
  const generator = TJS.buildGenerator(source, settings);
  if (!generator) throw new Error(`No schema generator for ${entry}`);
  const exported = source.getTypeChecker().getExportsOfModule(source.getTypeChecker().getSymbolAtLocation(source.getSourceFile(entry)!)!);
  const definitions = (generator.getSchemaForSymbols(exported.map((s) => s.name)).definitions ?? {}) as Definitions;
  const named = Object.keys(definitions)
    .filter((name) => COMPONENT_NAME.test(name))
    .sort();
  return Object.fromEntries(named.map((name) => [name, relink(definitions[name], definitions)]));
};
