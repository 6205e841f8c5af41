/**
 * Amazon Beauty 5-core as S3-Rec publishes it (amazon-beauty/) onto the
 * domain model. Ids are the dataset's (1-based) ids.
 *
 * - Items (every item in Beauty_item2attributes.json or in a sequence) →
 *   pins `beauty-i<n>`: tags = the attribute ids as `attr-<k>`; the data has
 *   no titles or text, so title = "Beauty item <n>" and description is empty.
 *   Each item is its own creator (the creator id is the pin id): brands are
 *   among the attribute ids but cannot be told apart from categories.
 * - Users (Beauty.txt lines `u i1 i2 ...`) → `beauty-u<u>`, no demographics.
 * - Sequences → one save per item, id `beauty-<u>-<i>` (5-core sequences do
 *   not repeat an item). The file keeps each user's time order but no times:
 *   save k (0-based, file order) happens at BEAUTY_EPOCH + (k + 1) s, which
 *   preserves every user's order (the S3-Rec protocol needs only that).
 * - Users, pins and creators are created at BEAUTY_EPOCH.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Event, Pin, User } from '../../domain/types.js';
import { MissingFileError, RecordError } from '../errors.js';
import { flatten, parseLineBatches, type Line } from '../lines.js';
import { checkedFirst, type ImportSource } from '../source.js';
import { batched, intField, syntheticTime } from './common.js';

export interface BeautySequence {
  user: number;
  /** Item ids in time order. */
  items: number[];
}

export const BEAUTY_EPOCH = Date.UTC(2014, 0, 1);
export const BEAUTY_FILES = ['Beauty.txt', 'Beauty_item2attributes.json'] as const;

function parseSequence(line: Line, file: string): BeautySequence | undefined {
  const text = line.text.trim();
  if (text === '') return undefined;
  const [user, ...items] = text.split(' ');
  if (items.length === 0) throw new RecordError(file, line.number, '', 'has a user but no items');
  return { user: intField(user!, line, file, 'user'), items: items.map((i) => intField(i, line, file, 'item')) };
}

function sequenceBatches(dir: string): AsyncGenerator<BeautySequence[]> {
  const file = path.join(dir, 'Beauty.txt');
  return parseLineBatches(file, (line) => parseSequence(line, file));
}

export const readBeautySequences = (dir: string): AsyncGenerator<BeautySequence> => flatten(sequenceBatches(dir));

/** Item id → attribute ids. */
export async function readBeautyAttributes(dir: string): Promise<Map<number, number[]>> {
  const file = path.join(dir, 'Beauty_item2attributes.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new MissingFileError(file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RecordError(file, 1, '', `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RecordError(file, 1, '', 'is not a JSON object');
  const out = new Map<number, number[]>();
  for (const [key, value] of Object.entries(json)) {
    const item = Number(key);
    if (!Number.isInteger(item) || !Array.isArray(value) || !value.every((a) => Number.isInteger(a))) {
      throw new RecordError(file, 1, `/${key}`, 'must map an item id to a list of attribute ids');
    }
    out.set(item, value as number[]);
  }
  return out;
}

export const beautyUserId = (user: number): string => `beauty-u${user}`;
export const beautyPinId = (item: number): string => `beauty-i${item}`;

function itemPin(item: number, attributes: readonly number[]): Pin {
  return {
    id: beautyPinId(item),
    creatorId: beautyPinId(item),
    title: `Beauty item ${item}`,
    description: '',
    tags: attributes.map((a) => `attr-${a}`),
    createdAt: BEAUTY_EPOCH,
    moderation: 'approved',
    promoted: false,
  };
}

async function* saves(dir: string): AsyncGenerator<Event[]> {
  let index = 0;
  for await (const sequences of sequenceBatches(dir)) {
    const events: Event[] = [];
    for (const { user, items } of sequences) {
      for (const item of items) {
        events.push({
          id: `beauty-${user}-${item}`,
          userId: beautyUserId(user),
          pinId: beautyPinId(item),
          type: 'save',
          timestamp: syntheticTime(BEAUTY_EPOCH, index++),
        });
      }
    }
    yield events;
  }
}

export function beautySource(dir: string): ImportSource {
  return checkedFirst({
    name: 'amazon-beauty',
    estimatedRecords: 198_502 + 22_363 + 12_101,
    async *batches() {
      const attributes = await readBeautyAttributes(dir);
      const users: User[] = [];
      const items = new Set(attributes.keys());
      for await (const s of readBeautySequences(dir)) {
        users.push({ id: beautyUserId(s.user), createdAt: BEAUTY_EPOCH, interests: [] });
        for (const i of s.items) items.add(i);
      }
      const pins = [...items].sort((a, b) => a - b).map((i) => itemPin(i, attributes.get(i) ?? []));
      yield* batched([users], (batch) => ({ users: batch }));
      yield* batched([pins], (batch) => ({ pins: batch }));
      yield* batched(saves(dir), (events) => ({ events }));
    },
  });
}
