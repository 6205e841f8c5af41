/**
 * Training examples for ranking, point-in-time correct: the event log is
 * replayed in log order through the engagement aggregates; at each
 * impression the features are read from the state as it stood (before the
 * impression and anything after it), and the labels come from what the user
 * did to that pin within `labelWindowMs` after it. An impression with no
 * engagement is a negative for every task.
 */
import type { LoggedEvent, Pin, Surface, User } from '../domain/types.js';
import { GrowableFloat32 } from '../math/growable.js';
import { AGGREGATE_DEFAULTS, EngagementAggregates, type AggregateOptions } from './aggregates.js';
import { computeFeatures, FEATURE_NAMES, FEATURES, type PinEmbeddings } from './definitions.js';

export const TASKS = ['closeup', 'click', 'save', 'hide'] as const;
export type Task = (typeof TASKS)[number];

export interface ExampleOptions {
  /** Engagement counts for an impression when it follows within this many ms. */
  labelWindowMs: number;
  /** Impressions on these surfaces become examples (all when absent). */
  surfaces?: readonly Surface[];
  aggregates?: AggregateOptions;
  embeddings?: PinEmbeddings;
  onProgress?: (eventsRead: number) => void;
}

export const EXAMPLE_DEFAULTS: ExampleOptions = { labelWindowMs: 30 * 60_000 };

export interface Examples {
  names: readonly string[];
  /** Raw features, row-major, `names.length` wide; NaN where unknown. */
  rows: Float32Array;
  /** 0/1 per example for each binary task. */
  labels: Record<Task, Uint8Array>;
  /** ln(1 + dwell seconds) after the impression, 0 when none. */
  dwell: Float32Array;
  userIds: string[];
  pinIds: string[];
  /** The feed or search request each impression was shown in; '' when the impression carried none. */
  requestIds: string[];
  timestamps: Float64Array;
  /** The state after the whole log, for serving. */
  aggregates: EngagementAggregates;
}

const key = (userId: string, pinId: string) => `${userId}\u0000${pinId}`;

export async function buildExamples(
  log: AsyncIterable<readonly LoggedEvent[]> | Iterable<readonly LoggedEvent[]>,
  pins: ReadonlyMap<string, Pin>,
  users: ReadonlyMap<string, User>,
  options: ExampleOptions = EXAMPLE_DEFAULTS,
): Promise<Examples> {
  const aggregates = new EngagementAggregates(options.aggregates ?? AGGREGATE_DEFAULTS);
  const surfaces = options.surfaces ? new Set(options.surfaces) : undefined;
  const rows = new GrowableFloat32(1 << 16);
  const labels = { closeup: [] as number[], click: [] as number[], save: [] as number[], hide: [] as number[] };
  const dwell: number[] = [];
  const userIds: string[] = [];
  const pinIds: string[] = [];
  const requestIds: string[] = [];
  const timestamps: number[] = [];
  const open = new Map<string, number>();
  const row = new Float32Array(FEATURES.length);
  let read = 0;

  for await (const batch of log) {
    for (const event of batch) {
      const pin = event.pinId === undefined ? undefined : pins.get(event.pinId);
      if (pin) {
        const k = key(event.userId, pin.id);
        if (event.type === 'impression') {
          if (!surfaces || (event.surface !== undefined && surfaces.has(event.surface))) {
            computeFeatures(
              {
                userId: event.userId,
                user: users.get(event.userId),
                pin,
                now: event.timestamp,
                position: event.position,
                surface: event.surface,
                aggregates,
                embeddings: options.embeddings,
              },
              row,
            );
            rows.push(row);
            for (const task of TASKS) labels[task].push(0);
            dwell.push(0);
            userIds.push(event.userId);
            pinIds.push(pin.id);
            requestIds.push(event.requestId ?? '');
            timestamps.push(event.timestamp);
            open.set(k, timestamps.length - 1);
          }
        } else {
          const i = open.get(k);
          if (i !== undefined && event.timestamp - timestamps[i]! <= options.labelWindowMs) {
            if (event.type === 'dwell') dwell[i] = Math.max(dwell[i]!, Math.log1p((event.value ?? 0) / 1000));
            else if (event.type in labels) labels[event.type as Task][i] = 1;
          }
        }
      }
      aggregates.observe(event, pin);
    }
    read += batch.length;
    options.onProgress?.(read);
  }
  return {
    names: FEATURE_NAMES,
    rows: rows.view().slice(),
    labels: {
      closeup: Uint8Array.from(labels.closeup),
      click: Uint8Array.from(labels.click),
      save: Uint8Array.from(labels.save),
      hide: Uint8Array.from(labels.hide),
    },
    dwell: Float32Array.from(dwell),
    userIds,
    pinIds,
    requestIds,
    timestamps: Float64Array.from(timestamps),
    aggregates,
  };
}
