import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.generated';

export type { components, operations, paths } from './schema.generated';

/** Every route of the API, typed from docs/openapi.json: paths, parameters, bodies and each status's answer. */
export type TrialLedgerClient = Client<paths>;
/** The answers' and bodies' schemas by name, e.g. `ApiSchemas['TrialView']`, `ApiSchemas['Problem']`. */
export type ApiSchemas = components['schemas'];

export interface TrialLedgerClientOptions extends Omit<ClientOptions, 'baseUrl' | 'headers'> {
  /** Where the API listens, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A bearer JWT (`npm run cli -- token …`), sent on every request; the probes need none. */
  token?: string;
  headers?: Record<string, string>;
}

export const createTrialLedgerClient = ({ baseUrl, token, headers = {}, ...options }: TrialLedgerClientOptions): TrialLedgerClient =>
  createClient<paths>({ ...options, baseUrl, headers: token ? { ...headers, Authorization: `Bearer ${token}` } : headers });
