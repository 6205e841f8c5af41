/**
 * The simulation's event buffer: one column per field instead of one object
 * per event, turned into domain Events (ordered by time, with ids) at the end.
 */
import { EVENT_TYPES, SURFACES, type Event, type EventType, type Surface } from '../domain/types.js';
import { ID_WIDTHS, idMaker } from './ids.js';

export const TYPE_CODE = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>;
export const SURFACE_CODE = Object.fromEntries(SURFACES.map((s, i) => [s, i])) as Record<Surface, number>;

export class EventColumns {
  readonly user: number[] = [];
  /** -1 for events without a pin. */
  readonly pin: number[] = [];
  readonly type: number[] = [];
  readonly timestamp: number[] = [];
  readonly surface: number[] = [];
  /** Index into requestIds. */
  readonly request: number[] = [];
  /** NaN when the event has no value. */
  readonly value: number[] = [];
  /** Index into queries, -1 for none. */
  readonly query: number[] = [];
  /** Slot of an impression on its surface, -1 for none. */
  readonly position: number[] = [];
  readonly requestIds: string[] = [];
  readonly queries: string[] = [];
  /** Impressions so far (the simulation steers feed depth by events per impression). */
  impressions = 0;

  get length(): number {
    return this.type.length;
  }

  push(user: number, pin: number, type: number, timestamp: number, surface: number, request: number, value = Number.NaN, query = -1, position = -1): void {
    this.user.push(user);
    this.pin.push(pin);
    this.type.push(type);
    this.timestamp.push(timestamp);
    this.surface.push(surface);
    this.request.push(request);
    this.value.push(value);
    this.query.push(query);
    this.position.push(position);
    if (type === TYPE_CODE.impression) this.impressions++;
  }

  /** Events in time order (stable for equal times), with ids e0000001... in that order. */
  toEvents(userIds: readonly string[], pinIds: readonly string[]): Event[] {
    const n = this.length;
    const ts = this.timestamp;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
    const id = idMaker('e', ID_WIDTHS.event, n);
    return order.map((i, rank) => {
      const event: Event = { id: id(rank), userId: userIds[this.user[i]!]!, type: EVENT_TYPES[this.type[i]!]!, timestamp: ts[i]! };
      const pin = this.pin[i]!;
      if (pin >= 0) event.pinId = pinIds[pin]!;
      const query = this.query[i]!;
      if (query >= 0) event.query = this.queries[query]!;
      const value = this.value[i]!;
      if (!Number.isNaN(value)) event.value = value;
      event.surface = SURFACES[this.surface[i]!]!;
      const position = this.position[i]!;
      if (position >= 0) event.position = position;
      event.requestId = this.requestIds[this.request[i]!]!;
      return event;
    });
  }
}
