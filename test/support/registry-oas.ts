import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CTGOV } from './registry-corpus';

type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An OpenAPI 3.0 Schema Object as the JSON Schema it means: `nullable: true` becomes a type that also admits null,
 * and `example` (documentation, no constraint) goes. Walked by the keywords that hold schemas, so a property that
 * happens to be called "example" or "nullable" stays a property.
 */
export const jsonSchemaOf = (schema: unknown): unknown => {
  if (!isObj(schema)) return schema;
  const { nullable, example: _example, ...rest } = schema;
  const out: Schema = { ...rest };
  if (isObj(rest.properties)) out.properties = Object.fromEntries(Object.entries(rest.properties).map(([k, v]) => [k, jsonSchemaOf(v)]));
  for (const key of ['items', 'additionalProperties', 'not'] as const) if (isObj(rest[key])) out[key] = jsonSchemaOf(rest[key]);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    if (Array.isArray(rest[key])) out[key] = (rest[key] as unknown[]).map(jsonSchemaOf);
  if (nullable === true && typeof rest.type === 'string') out.type = [rest.type, 'null'];
  if (nullable === true && Array.isArray(rest.enum)) out.enum = [...rest.enum, null];
  return out;
};

const INT32 = 2 ** 31;

/**
 * The validator of one component schema of the registry's own OpenAPI document (../shared/ctgov/ctg-oas-v2.yaml),
 * with every `$ref` to another component resolved inside that document. The OpenAPI numeric formats are checked
 * for what they say (int32 fits in 32 bits); date and uri by ajv-formats.
 */
export const registrySchema = (component: string): ValidateFunction => {
  const oas = parse(readFileSync(join(CTGOV, 'ctg-oas-v2.yaml'), 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const schemas = Object.fromEntries(Object.entries(oas.components.schemas).map(([k, v]) => [k, jsonSchemaOf(v)]));
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictRequired: false });
  addFormats(ajv, ['date', 'uri']);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'ctg-oas-v2', components: { schemas } });
  const validate = ajv.getSchema(`ctg-oas-v2#/components/schemas/${component}`);
  if (validate === undefined) throw new Error(`no schema ${component} in ctg-oas-v2.yaml`);
  return validate;
};
