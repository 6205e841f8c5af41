import { pinToWire } from '../../wire/convert.js';
import { ErrorOutput, FeedOutput, FeedQuery, IdParams } from '../../wire/schemas.js';
import { parseLimit, type App, type RouteDeps } from './context.js';

export function feedRoutes(app: App, { engine, config, metrics, scope }: RouteDeps): void {
  app.get(
    '/v1/users/:id/feed',
    {
      preHandler: scope('read'),
      schema: {
        tags: ['recommendations'],
        description:
          'The home feed: recall, filter, rank, re-rank. Pages never repeat a pin: pass `nextCursor` back as `cursor`. ' +
          'Users the engine does not know get a popular feed.',
        params: IdParams,
        querystring: FeedQuery,
        response: { 200: FeedOutput, 400: ErrorOutput },
      },
    },
    async (request) => {
      const limit = parseLimit(request.query.limit, config.feed.defaultPageSize);
      const page = await engine.feed(request.params.id, { limit, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) });
      for (const [stage, ms] of Object.entries(page.timings)) metrics.feedStage.observe({ stage }, ms / 1000);
      for (const [stage, n] of Object.entries(page.counts)) metrics.feedStageCandidates.observe({ stage }, n);
      return { ...page, items: page.items.map((i) => ({ ...i, pin: pinToWire(i.pin) })) };
    },
  );
}
