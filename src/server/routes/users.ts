import { ErrorOutput, IdParams, UserBatch, UserOutput, UserPutInput } from '../../wire/schemas.js';
import { userFromWire, userToWire } from '../../wire/convert.js';
import { errorBody } from '../errors.js';
import { checkPathId, type App, type RouteDeps } from './context.js';

export function userRoutes(app: App, { engine, scope }: RouteDeps): void {
  const { users } = engine.store;
  const tags = ['users'];

  app.put(
    '/v1/users/:id',
    { preHandler: scope('ingest'), schema: { tags, params: IdParams, body: UserPutInput, response: { 200: UserOutput, 400: ErrorOutput } } },
    async (request) => {
      checkPathId(request.params.id, request.body.id);
      const user = userFromWire({ ...request.body, id: request.params.id }, Date.now());
      await users.upsertMany([user]);
      return userToWire(user);
    },
  );

  app.get(
    '/v1/users/:id',
    { preHandler: scope('read'), schema: { tags, params: IdParams, response: { 200: UserOutput, 404: ErrorOutput } } },
    async (request, reply) => {
      const user = await users.get(request.params.id);
      if (!user) return reply.code(404).send(errorBody(404, `user ${request.params.id} not found`));
      return userToWire(user);
    },
  );

  app.delete(
    '/v1/users/:id',
    { preHandler: scope('admin'), schema: { tags, description: 'Deletes the user and all their events.', params: IdParams } },
    async (request, reply) => {
      if (!(await users.delete(request.params.id))) return reply.code(404).send(errorBody(404, `user ${request.params.id} not found`));
      engine.invalidateUser(request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/users',
    { preHandler: scope('ingest'), schema: { tags, description: 'Upserts up to 10,000 users, all or nothing.', body: UserBatch } },
    async (request) => {
      const now = Date.now();
      const batch = request.body.users.map((u, i) => userFromWire(u, now, `/users/${i}`));
      await users.upsertMany(batch);
      return { upserted: batch.length };
    },
  );
}
