import { randomUUID } from 'node:crypto';
import { eventFromWire, InputError } from '../../wire/convert.js';
import { EventBatch, EventsAccepted } from '../../wire/schemas.js';
import type { App, RouteDeps } from './context.js';

export function eventRoutes(app: App, { engine, config, metrics, scope }: RouteDeps): void {
  app.post(
    '/v1/events',
    {
      preHandler: scope('ingest'),
      schema: {
        tags: ['events'],
        description:
          'Logs up to 10,000 events durably, all or nothing. Idempotent on the event id: a retried batch is not counted twice.',
        body: EventBatch,
        response: { 200: EventsAccepted },
      },
    },
    async (request) => {
      const now = Date.now();
      const events = request.body.events.map((e, i) => eventFromWire(e, now, randomUUID, `/events/${i}`));
      if (config.server.strictEvents) {
        const known = await engine.store.pins.existing(events.flatMap((e) => (e.pinId === undefined ? [] : [e.pinId])));
        const i = events.findIndex((e) => e.pinId !== undefined && !known.has(e.pinId));
        if (i >= 0) throw new InputError(`/events/${i}/pinId`, `pin "${events[i]!.pinId}" is not in the catalogue`, 422);
      }
      const result = await engine.store.events.append(events);
      metrics.eventsIngested.inc({ outcome: 'inserted' }, result.inserted);
      metrics.eventsIngested.inc({ outcome: 'duplicate' }, result.duplicates);
      if (result.inserted > 0) for (const userId of new Set(events.map((e) => e.userId))) engine.invalidateUser(userId);
      return { accepted: events.length, ...result };
    },
  );
}
