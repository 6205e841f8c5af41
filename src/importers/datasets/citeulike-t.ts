/**
 * CiteULike-t (citeulike-t/) onto the domain model. Ids are the 0-based line
 * numbers of the files, as in the dataset.
 *
 * - Articles (mult.dat bags of words over vocabulary.dat) → pins
 *   `citeulike-a<i>`. Words ranked by count in the article, ties broken by
 *   the rarer word across all articles (fewer articles use it), then word id:
 *   title = the top 3 words, tags = the top 5, description = the top 20
 *   (space-separated). An article without words is titled "Article <i>".
 *   HTML entities left in the vocabulary (&#34; &amp; ...) are decoded.
 *   The data names no authors: each article is its own creator (the
 *   creator id is the pin id), which keeps creator caps neutral.
 * - Users (users.dat lines) → `citeulike-u<u>`, no demographics.
 * - Saved articles → one save each, id `citeulike-<u>-<i>`. There are no
 *   times: save k (0-based, file order: users in order, each user's articles
 *   in ascending id, not in time) happens at CITEULIKE_EPOCH + (k + 1) s.
 * - citations.dat is not imported. Users, pins and creators are created at
 *   CITEULIKE_EPOCH.
 */
import path from 'node:path';
import type { Event, Pin, User } from '../../domain/types.js';
import { RecordError } from '../errors.js';
import { flatten, parseLineBatches, parseLines, readLines, type Line } from '../lines.js';
import { checkedFirst, type ImportSource } from '../source.js';
import { asTag, batched, intField, syntheticTime } from './common.js';

export interface CiteulikeLibrary {
  /** The line index in users.dat. */
  user: number;
  /** Ids (line indexes in mult.dat) of the articles the user saved. */
  articles: number[];
}

export interface CiteulikeWordCount {
  /** Index into the vocabulary. */
  word: number;
  count: number;
}

export interface CiteulikeArticle {
  /** The line index in mult.dat. */
  id: number;
  words: CiteulikeWordCount[];
}

export const CITEULIKE_EPOCH = Date.UTC(2010, 0, 1);
export const CITEULIKE_FILES = ['users.dat', 'mult.dat', 'vocabulary.dat'] as const;
const TITLE_WORDS = 3;
const TAG_WORDS = 5;
const DESCRIPTION_WORDS = 20;

/** `n x1 x2 ... xn`: the n tokens after the count, checked against it. */
function countedTokens(line: Line, file: string): string[] {
  const tokens = line.text.trim().split(/\s+/);
  const n = intField(tokens[0]!, line, file, 'count');
  if (tokens.length - 1 !== n) throw new RecordError(file, line.number, '', `announces ${n} entries but has ${tokens.length - 1}`);
  return tokens.slice(1);
}

function libraryBatches(dir: string): AsyncGenerator<CiteulikeLibrary[]> {
  const file = path.join(dir, 'users.dat');
  return parseLineBatches(file, (line) => ({
    user: line.number - 1,
    articles: countedTokens(line, file).map((t) => intField(t, line, file, 'article')),
  }));
}

export const readCiteulikeLibraries = (dir: string): AsyncGenerator<CiteulikeLibrary> => flatten(libraryBatches(dir));

export function readCiteulikeArticles(dir: string): AsyncGenerator<CiteulikeArticle> {
  const file = path.join(dir, 'mult.dat');
  return parseLines(file, (line) => ({
    id: line.number - 1,
    words: countedTokens(line, file).map((t) => {
      const colon = t.indexOf(':');
      if (colon < 0) throw new RecordError(file, line.number, '', `"${t}" is not word:count`);
      return { word: intField(t.slice(0, colon), line, file, 'word'), count: intField(t.slice(colon + 1), line, file, 'count') };
    }),
  }));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ', mu: 'μ' };

/** Decodes the HTML entities the vocabulary still contains (`&#34;`, `&#34`, `&amp;` ...). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|[a-z]+);?/g, (whole, name: string) => {
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** The vocabulary: word i is line i (0-based), entities decoded. */
export async function readCiteulikeVocabulary(dir: string): Promise<string[]> {
  const words: string[] = [];
  for await (const line of readLines(path.join(dir, 'vocabulary.dat'), 'utf8-or-latin1')) words.push(decodeEntities(line.text).trim());
  return words;
}

export const citeulikeUserId = (user: number): string => `citeulike-u${user}`;
export const citeulikePinId = (article: number): string => `citeulike-a${article}`;

/** Word ids by count, then by rarity across articles (document frequency), then id. */
function rankWords(article: CiteulikeArticle, documentFrequency: Uint32Array): number[] {
  return [...article.words]
    .sort((a, b) => b.count - a.count || documentFrequency[a.word]! - documentFrequency[b.word]! || a.word - b.word)
    .map((w) => w.word);
}

function articlePin(article: CiteulikeArticle, vocabulary: readonly string[], documentFrequency: Uint32Array): Pin {
  const words = rankWords(article, documentFrequency)
    .map((w) => vocabulary[w])
    .filter((w): w is string => w !== undefined && w !== '')
    .slice(0, DESCRIPTION_WORDS);
  const tags = [...new Set(words.map(asTag).filter((t): t is string => t !== undefined))].slice(0, TAG_WORDS);
  return {
    id: citeulikePinId(article.id),
    creatorId: citeulikePinId(article.id),
    title: words.length ? words.slice(0, TITLE_WORDS).join(' ') : `Article ${article.id}`,
    description: words.join(' '),
    tags,
    createdAt: CITEULIKE_EPOCH,
    moderation: 'approved',
    promoted: false,
  };
}

/** Pins for every article, ranked words computed over the whole collection. */
export async function citeulikePins(dir: string): Promise<Pin[]> {
  const vocabulary = await readCiteulikeVocabulary(dir);
  const articles: CiteulikeArticle[] = [];
  for await (const a of readCiteulikeArticles(dir)) articles.push(a);
  const documentFrequency = new Uint32Array(vocabulary.length);
  for (const a of articles) for (const w of a.words) if (w.word < vocabulary.length) documentFrequency[w.word]!++;
  return articles.map((a) => articlePin(a, vocabulary, documentFrequency));
}

async function* saves(dir: string): AsyncGenerator<Event[]> {
  let index = 0;
  for await (const libraries of libraryBatches(dir)) {
    const events: Event[] = [];
    for (const { user, articles } of libraries) {
      for (const article of articles) {
        events.push({
          id: `citeulike-${user}-${article}`,
          userId: citeulikeUserId(user),
          pinId: citeulikePinId(article),
          type: 'save',
          timestamp: syntheticTime(CITEULIKE_EPOCH, index++),
        });
      }
    }
    yield events;
  }
}

export function citeulikeSource(dir: string): ImportSource {
  return checkedFirst({
    name: 'citeulike-t',
    estimatedRecords: 134_860 + 7947 + 25_975,
    async *batches() {
      const pins = await citeulikePins(dir);
      const users: User[] = [];
      for await (const library of readCiteulikeLibraries(dir)) {
        users.push({ id: citeulikeUserId(library.user), createdAt: CITEULIKE_EPOCH, interests: [] });
      }
      yield* batched([users], (batch) => ({ users: batch }));
      yield* batched([pins], (batch) => ({ pins: batch }));
      yield* batched(saves(dir), (events) => ({ events }));
    },
  });
}
