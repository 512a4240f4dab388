import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { RESPONSE_SCHEMAS } from './response-schemas.generated';

type Schemas = NonNullable<OpenAPIObject['components']>['schemas'];

/**
 * 3.1, whose schemas are JSON Schema: the answers' schemas come from the TypeScript types, where a field may be
 * `string | null`, which 3.0 cannot say.
 */
const config = () =>
  new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Trial Ledger')
    .setDescription('Event-sourced clinical-trial lifecycles: commands, current state, audit history and replay.')
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://trial-ledger.dev/license')
    .addServer('/', 'The origin this document was fetched from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();

/**
 * The routes, parameters and request bodies as Nest reads them from the controllers, and the answers' schemas
 * (`responseSchemas`, derived from the handlers' return types by `npm run openapi`) beside them.
 */
export const buildOpenApiDocument = (app: INestApplication, responseSchemas: Record<string, object>): OpenAPIObject => {
  const document = SwaggerModule.createDocument(app, config());
  // JSON Schema as OpenAPI 3.1 has it (`type: ['string', 'null']`), which Nest's 3.0 types do not describe.
  const schemas = { ...responseSchemas, ...document.components?.schemas } as Schemas;
  return { ...document, components: { ...document.components, schemas } };
};

/** `/docs` and `/openapi.json`: the same document as the committed docs/openapi.json, which a check keeps in step. */
export const installApiDocs = (app: INestApplication): void =>
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, RESPONSE_SCHEMAS), { jsonDocumentUrl: 'openapi.json' });
