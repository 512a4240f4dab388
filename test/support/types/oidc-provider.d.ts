// oidc-provider ships no types (DefinitelyTyped's lag its releases); this is the part of its documented
// configuration and model API the test identity provider uses.
declare module 'oidc-provider' {
  import { IncomingMessage, ServerResponse } from 'node:http';

  export interface KoaContextWithOIDC {
    oidc: {
      params?: Record<string, unknown>;
      body?: Record<string, unknown>;
      session?: { accountId?: string };
      client?: { clientId: string };
      provider: Provider;
    };
  }

  export interface Token {
    kind: string;
    accountId?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  type Awaitable<T> = T | Promise<T>;

  export interface Configuration {
    clients: Record<string, unknown>[];
    jwks: { keys: object[] };
    cookies: { keys: string[] };
    pkce: { required: () => boolean; methods: string[] };
    clientBasedCORS: (ctx: KoaContextWithOIDC, origin: string, client: unknown) => boolean;
    features: Record<string, Record<string, unknown>>;
    ttl: Record<string, number | ((ctx: KoaContextWithOIDC, token: Token, client: unknown) => number)>;
    findAccount: (
      ctx: KoaContextWithOIDC,
      id: string,
    ) => Awaitable<{ accountId: string; claims: () => Awaitable<Record<string, unknown>> } | undefined>;
    claims: Record<string, string[]>;
    extraTokenClaims: (ctx: KoaContextWithOIDC, token: Token) => Awaitable<Record<string, unknown> | undefined>;
    formats: {
      customizers: {
        jwt: (ctx: KoaContextWithOIDC, token: Token, jwt: { header?: object; payload: Record<string, unknown> }) => Awaitable<void>;
      };
    };
    loadExistingGrant: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly Grant: new (properties: { clientId: string; accountId: string }) => Grant;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: never[]) => void): this;
  }
}
