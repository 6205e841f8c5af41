import { creatorFromWire, creatorToWire } from '../../wire/convert.js';
import { CreatorOutput, CreatorPutInput, ErrorOutput, IdParams } from '../../wire/schemas.js';
import { errorBody } from '../errors.js';
import { checkPathId, type App, type RouteDeps } from './context.js';

export function creatorRoutes(app: App, { engine, scope }: RouteDeps): void {
  const { creators } = engine.store;
  const tags = ['creators'];

  app.put(
    '/v1/creators/:id',
    { preHandler: scope('ingest'), schema: { tags, params: IdParams, body: CreatorPutInput, response: { 200: CreatorOutput } } },
    async (request) => {
      checkPathId(request.params.id, request.body.id);
      const creator = creatorFromWire({ ...request.body, id: request.params.id }, Date.now());
      await creators.upsertMany([creator]);
      return creatorToWire(creator);
    },
  );

  app.get(
    '/v1/creators/:id',
    { preHandler: scope('read'), schema: { tags, params: IdParams, response: { 200: CreatorOutput, 404: ErrorOutput } } },
    async (request, reply) => {
      const creator = await creators.get(request.params.id);
      if (!creator) return reply.code(404).send(errorBody(404, `creator ${request.params.id} not found`));
      return creatorToWire(creator);
    },
  );
}
