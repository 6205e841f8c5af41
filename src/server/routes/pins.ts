import { pinFromWire, pinToWire } from '../../wire/convert.js';
import { ErrorOutput, IdParams, PinBatch, PinOutput, PinPutInput, RelatedOutput, RelatedQuery } from '../../wire/schemas.js';
import { errorBody } from '../errors.js';
import { checkPathId, parseLimit, type App, type RouteDeps } from './context.js';

export function pinRoutes(app: App, { engine, scope }: RouteDeps): void {
  const { pins } = engine;
  const tags = ['pins'];

  app.put(
    '/v1/pins/:id',
    { preHandler: scope('ingest'), schema: { tags, params: IdParams, body: PinPutInput, response: { 200: PinOutput } } },
    async (request) => {
      checkPathId(request.params.id, request.body.id);
      const pin = pinFromWire({ ...request.body, id: request.params.id }, Date.now());
      await pins.upsertMany([pin]);
      return pinToWire(pin);
    },
  );

  app.get(
    '/v1/pins/:id',
    { preHandler: scope('read'), schema: { tags, params: IdParams, response: { 200: PinOutput, 404: ErrorOutput } } },
    async (request, reply) => {
      const pin = await pins.get(request.params.id);
      if (!pin) return reply.code(404).send(errorBody(404, `pin ${request.params.id} not found`));
      return pinToWire(pin);
    },
  );

  app.delete(
    '/v1/pins/:id',
    { preHandler: scope('admin'), schema: { tags, description: 'Removes the pin from the catalogue; it is never recommended again.', params: IdParams } },
    async (request, reply) => {
      if (!(await pins.delete(request.params.id))) return reply.code(404).send(errorBody(404, `pin ${request.params.id} not found`));
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/pins',
    { preHandler: scope('ingest'), schema: { tags, description: 'Upserts up to 10,000 pins, all or nothing.', body: PinBatch } },
    async (request) => {
      const now = Date.now();
      const batch = request.body.pins.map((p, i) => pinFromWire(p, now, `/pins/${i}`));
      await pins.upsertMany(batch);
      return { upserted: batch.length };
    },
  );

  app.get(
    '/v1/pins/:id/related',
    {
      preHandler: scope('read'),
      schema: { tags, description: 'Pins related to this one.', params: IdParams, querystring: RelatedQuery, response: { 200: RelatedOutput, 404: ErrorOutput } },
    },
    async (request) => {
      const limit = parseLimit(request.query.limit, 25);
      const items = await engine.related(request.params.id, limit);
      return { items: items.map((i) => ({ ...i, pin: pinToWire(i.pin) })), nextCursor: null };
    },
  );
}
