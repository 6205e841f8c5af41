import type { App, RouteDeps } from './context.js';

export function adminRoutes(app: App, { engine, scope }: RouteDeps): void {
  let training: Promise<unknown> | undefined;
  app.post(
    '/v1/admin/train',
    {
      preHandler: scope('admin'),
      schema: { tags: ['admin'], description: 'Retrains every model from the event log and swaps the new set in without dropping requests.' },
    },
    async (_request, reply) => {
      if (training) return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'training is already running' });
      training = engine.train();
      try {
        const set = (await training) as Awaited<ReturnType<typeof engine.train>>;
        return { ...set.info, trainedAt: new Date(set.info.trainedAt).toISOString() };
      } finally {
        training = undefined;
      }
    },
  );
}
