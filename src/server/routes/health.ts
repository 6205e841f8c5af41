import type { App, RouteDeps } from './context.js';

export function healthRoutes(app: App, { engine, scope }: RouteDeps): void {
  app.get('/health/live', { schema: { tags: ['health'] } }, async () => ({ status: 'live' }));

  app.get('/health/ready', { schema: { tags: ['health'] } }, async (_request, reply) => {
    try {
      await engine.store.ping();
    } catch (error) {
      return reply.code(503).send({ status: 'not ready', reason: `store: ${(error as Error).message}` });
    }
    if (!engine.modelInfo) return reply.code(503).send({ status: 'not ready', reason: 'no trained models' });
    return { status: 'ready' };
  });

  app.get('/v1/stats', { preHandler: scope('read'), schema: { tags: ['health'], description: 'What the engine holds and when it was trained.' } }, async () => {
    const { store } = engine;
    const info = engine.modelInfo;
    return {
      users: await store.users.count(),
      pins: await store.pins.count(),
      creators: await store.creators.count(),
      events: await store.events.countByType(),
      models: info ? { ...info, trainedAt: new Date(info.trainedAt).toISOString() } : null,
    };
  });
}
