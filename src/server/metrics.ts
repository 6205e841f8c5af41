/** Prometheus metrics (prom-client), one registry per app so tests can run several. */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsIngested = new Counter({
    name: 'tessera_events_ingested_total',
    help: 'Events accepted, by type and outcome (inserted or duplicate)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly feedStage = new Histogram({
    name: 'tessera_feed_stage_seconds',
    help: 'Time per feed pipeline stage',
    labelNames: ['stage'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });

  readonly feedStageCandidates = new Histogram({
    name: 'tessera_feed_stage_candidates',
    help: 'Candidates out of each feed pipeline stage',
    labelNames: ['stage'],
    buckets: [10, 25, 50, 100, 250, 500, 750, 1000, 1500, 2000],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      this.httpDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { schema: { hide: true } as object }, async (_request, reply) => {
      reply.header('content-type', this.registry.contentType);
      return this.registry.metrics();
    });
  }
}
