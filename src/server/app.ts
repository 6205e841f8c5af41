/** The HTTP app: Fastify with TypeBox schemas, OpenAPI at /openapi.json and docs at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Config } from '../config.js';
import type { Engine } from '../pipeline/engine.js';
import { requireScope } from './auth.js';
import { installErrorHandlers } from './errors.js';
import { Metrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import type { App, RouteDeps } from './routes/context.js';
import { creatorRoutes } from './routes/creators.js';
import { demoImageRoutes } from './routes/demo-images.js';
import { eventRoutes } from './routes/events.js';
import { feedRoutes } from './routes/feed.js';
import { healthRoutes } from './routes/health.js';
import { pinRoutes } from './routes/pins.js';
import { userRoutes } from './routes/users.js';

const ROUTES = [healthRoutes, userRoutes, creatorRoutes, pinRoutes, eventRoutes, feedRoutes, adminRoutes, demoImageRoutes];

export interface AppOptions {
  engine: Engine;
  config: Config;
}

export async function buildApp({ engine, config }: AppOptions): Promise<App> {
  const app = Fastify({
    // Readable lines for a person at a terminal; JSON lines for log collectors.
    logger: process.stdout.isTTY
      ? { level: config.server.logLevel, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : { level: config.server.logLevel },
    bodyLimit: config.server.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: !config.server.logRequests }),
    // Strict bodies: unknown fields are rejected (not silently dropped) and types are never coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tessera',
        version: '0.1.0',
        description: 'Recommendations for visual discovery: catalogue, events, home feed and related pins.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key (scope ingest+read or admin).' },
        },
      },
      security: config.server.apiKeys.length > 0 ? [{ bearer: [] }] : [],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // The API speaks JSON only: anything else is 415, not a string body.
  app.removeContentTypeParser('text/plain');
  installErrorHandlers(app);
  const metrics = new Metrics();
  metrics.install(app);
  const deps: RouteDeps = { engine, config, metrics, scope: (s) => requireScope(config.server.apiKeys, s) };
  for (const routes of ROUTES) routes(app, deps);
  app.get('/openapi.json', { schema: { hide: true } as object }, async () => app.swagger());
  await app.ready();
  return app;
}
