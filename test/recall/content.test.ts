import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pin } from '../../src/domain/types.js';
import { CONTENT_DEFAULTS, ContentChannel, type ContentOptions } from '../../src/recall/content.js';
import { inverseDocumentFrequency, termWeight } from '../../src/recall/content/weighting.js';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import type { HistoryItem, RecallContext } from '../../src/recall/types.js';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3600_000;

function pin(id: string, title: string, description = '', tags: string[] = []): Pin {
  return { id, creatorId: `c-${id}`, title, description, tags, createdAt: NOW - 100 * HOUR, moderation: 'approved', promoted: false };
}

const EMPTY = Interactions.fromRecords([]);

function fitted(catalog: Pin[], options: Partial<ContentOptions> = {}): ContentChannel {
  const channel = new ContentChannel({ ...CONTENT_DEFAULTS, minDf: 1, ...options });
  channel.fit(EMPTY, { now: NOW, catalog });
  return channel;
}

function context(pins: string[], exclude: string[] = []): RecallContext {
  const history: HistoryItem[] = pins.map((pinId, i) => ({ pinId, weight: 4, timestamp: NOW - (i + 1) * HOUR }));
  return { userId: 'u', now: NOW, history, exclude: new Set([...pins, ...exclude]) };
}

const close = (actual: number | undefined, expected: number, what: string) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-5, `${what}: expected ${expected}, got ${actual}`);

// Three documents: apple banana apple | banana cherry | cherry cherry date.
const CORPUS = [pin('d0', '', 'apple banana apple'), pin('d1', '', 'banana cherry'), pin('d2', '', 'cherry cherry date')];
const RAW = { minDf: 1, maxDfRatio: 1, stem: false, titleWeight: 0, tagsWeight: 0, descriptionWeight: 1 };
const weightsOf = (channel: ContentChannel, pinId: string) => Object.fromEntries(channel.pinTerms(pinId).map((t) => [t.term, t.weight]));

test('TF-IDF weights match the hand computation on a 3-document corpus', () => {
  // idf(apple) = ln(4/2) + 1 = 1.693147, idf(banana) = ln(4/3) + 1 = 1.287682 (N = 3, df 1 and 2).
  close(inverseDocumentFrequency('tfidf', 1, 3), 1.693147, 'idf apple');
  close(inverseDocumentFrequency('tfidf', 2, 3), 1.287682, 'idf banana');
  // d0: apple 2 × 1.693147 = 3.386294, banana 1.287682; unit length: ÷ 3.622860.
  const raw = fitted(CORPUS, { ...RAW, weighting: 'tfidf', sublinearTf: false });
  const d0 = weightsOf(raw, 'd0');
  close(d0.apple, 0.934702, 'd0 apple');
  close(d0.banana, 0.355432, 'd0 banana');
  const d2 = weightsOf(raw, 'd2');
  close(d2.cherry, 0.835592, 'd2 cherry');
  close(d2.date, 0.549351, 'd2 date');
  // Sublinear: ln(1 + 2) × 1.693147 = 1.860112 against ln(2) × 1.287682 = 0.892553.
  const sub = weightsOf(fitted(CORPUS, { ...RAW, weighting: 'tfidf', sublinearTf: true }), 'd0');
  close(sub.apple, 0.90158, 'sublinear d0 apple');
  close(sub.banana, 0.432613, 'sublinear d0 banana');
});

test('BM25 weights match the hand computation on a 3-document corpus', () => {
  // idf = ln(1 + (N - df + 0.5) / (df + 0.5)): apple ln(1 + 2.5/1.5) = 0.980829, banana ln(1.6) = 0.470004.
  close(inverseDocumentFrequency('bm25', 1, 3), 0.980829, 'idf apple');
  close(inverseDocumentFrequency('bm25', 2, 3), 0.470004, 'idf banana');
  // d0 has 3 terms, the average is 8/3: 1 - b + b·3/(8/3) = 1.09375; apple 0.980829·2·2.2 / (2 + 1.2·1.09375) = 1.302837.
  const params = { scheme: 'bm25' as const, k1: 1.2, b: 0.75, sublinearTf: false };
  close(termWeight(params, 2, 0.980829, 3, 8 / 3), 1.302837, 'raw apple');
  close(termWeight(params, 1, 0.470004, 3, 8 / 3), 0.447139, 'raw banana');
  const channel = fitted(CORPUS, { ...RAW, weighting: 'bm25', k1: 1.2, b: 0.75 });
  const d0 = weightsOf(channel, 'd0');
  close(d0.apple, 0.945845, 'd0 apple');
  close(d0.banana, 0.324618, 'd0 banana');
  const d2 = weightsOf(channel, 'd2');
  close(d2.cherry, 0.556075, 'd2 cherry');
  close(d2.date, 0.831132, 'd2 date');
  // b = 0 ignores length; k1 = 0 makes every present term count once (× idf).
  const flat = weightsOf(fitted(CORPUS, { ...RAW, weighting: 'bm25', k1: 0, b: 0 }), 'd0');
  close(flat.apple! / flat.banana!, 0.980829 / 0.470004, 'k1 = 0');
});

const CATALOG: Pin[] = [
  pin('bake1', 'Sourdough bread for beginners', 'A crusty loaf with a chewy crumb.', ['baking', 'bread', 'sourdough']),
  pin('bake2', 'Chocolate chip cookies', 'Soft cookies with brown butter and chocolate.', ['baking', 'cookies', 'chocolate']),
  pin('bake3', 'Lemon drizzle cake', 'A moist cake with a lemon glaze.', ['baking', 'cake', 'lemon']),
  pin('bake4', 'Brioche bread rolls', 'Buttery rolls for the weekend.', ['baking', 'bread', 'brioche']),
  pin('bake5', 'Banana bread with walnuts', 'The easiest quick bread.', ['baking', 'bread', 'banana']),
  pin('hike1', 'Alpine hiking trails', 'Summit views and a mountain hut.', ['hiking', 'mountains', 'trails']),
  pin('hike2', 'Packing list for a hiking trip', 'Boots, layers and a light tent.', ['hiking', 'camping', 'gear']),
  pin('hike3', 'Coastal trails at sunset', 'Cliffs, beaches and a long walk.', ['hiking', 'coast', 'trails']),
  pin('hike4', 'Mountain lakes to hike to', 'Day hikes to alpine lakes.', ['hiking', 'mountains', 'lakes']),
  pin('code1', 'Learning TypeScript generics', 'Types that scale with your code.', ['coding', 'typescript', 'programming']),
  pin('code2', 'A minimal desk setup for coding', 'One monitor, one keyboard, no clutter.', ['coding', 'desk', 'setup']),
  pin('code3', 'Debugging tips for programming', 'Read the error, then the code.', ['coding', 'programming', 'debugging']),
];

test('recall ranks pins of the topic the user engaged with first, and skips history and exclusions', () => {
  const channel = fitted(CATALOG);
  const list = channel.recall(context(['bake1', 'bake2']), 5);
  assert.deepEqual(new Set(list.slice(0, 3).map((c) => c.pinId)), new Set(['bake3', 'bake4', 'bake5']));
  for (const c of list) assert.ok(c.pinId !== 'bake1' && c.pinId !== 'bake2', 'history is never recalled');
  assert.ok(list.every((c, i) => i === 0 || c.score <= list[i - 1]!.score), 'best first');
  assert.ok(list[0]!.score > 0 && list[0]!.score <= 1 + 1e-6, 'cosine');
  // The bread pins are explained by the bread pin in the history.
  assert.equal(list.find((c) => c.pinId === 'bake4')?.seedPinId, 'bake1');

  const excluded = channel.recall(context(['bake1', 'bake2'], ['bake4']), 5).map((c) => c.pinId);
  assert.ok(!excluded.includes('bake4'), 'excluded pins are never recalled');
  assert.deepEqual(channel.recall(context(['hike1']), 2).map((c) => c.pinId).sort(), ['hike3', 'hike4']);
  assert.deepEqual(channel.recall(context([]), 5), [], 'no history, no profile');
});

test('the profile favours recent and strong engagements', () => {
  const channel = fitted(CATALOG);
  const history: HistoryItem[] = [
    { pinId: 'code1', weight: 4, timestamp: NOW - HOUR },
    { pinId: 'hike1', weight: 4, timestamp: NOW - 60 * 24 * HOUR },
    { pinId: 'bake1', weight: -4, timestamp: NOW - 2 * HOUR },
  ];
  const top = channel.recall({ userId: 'u', now: NOW, history, exclude: new Set() }, 1)[0]!;
  assert.equal(top.pinId, 'code3', 'the recent coding pin outweighs the old hiking one; a hide adds nothing');
});

test('similarItems: nearest pins by cosine, never the pin itself', () => {
  const channel = fitted(CATALOG);
  const similar = channel.similarItems('hike1', 3);
  assert.ok(!similar.some((c) => c.pinId === 'hike1'), 'not itself');
  assert.deepEqual(new Set(similar.slice(0, 2).map((c) => c.pinId)), new Set(['hike3', 'hike4']));
  assert.deepEqual(channel.similarItems('nope', 3), []);
  assert.equal(channel.similarToText('sourdough starter', 1)[0]?.pinId, 'bake1');
});

test('a pin added after fit is vectorised with the trained vocabulary and recalled at once', () => {
  const channel = fitted(CATALOG.filter((p) => p.id !== 'bake5'));
  const user = context(['bake1', 'bake4']);
  assert.ok(!channel.recall(user, 10).some((c) => c.pinId === 'bake5'), 'unknown before addPin');
  const fresh = CATALOG.find((p) => p.id === 'bake5')!;
  const vector = channel.vectorizePin(fresh);
  assert.ok(vector.terms.length > 0, 'the new pin has a vector');
  let norm = 0;
  for (const w of vector.weights) norm += w * w;
  close(Math.sqrt(norm), 1, 'unit length');
  channel.addPin(fresh);
  assert.equal(channel.recall(user, 1)[0]?.pinId, 'bake5', 'bread, baking and bread again: the closest pin');
  // Words the catalogue never had are dropped; known ones count.
  assert.equal(channel.vectorizeText('zxqv plimb').terms.length, 0);
  assert.equal(channel.vectorizeText('Sourdough!').terms.length, 1);
  // Editing a pin replaces its vector: its old words no longer find it, its new ones do.
  channel.addPin({ ...fresh, title: 'Mountain hut views', description: '', tags: ['hiking'] });
  assert.ok(!channel.recall(user, 10).some((c) => c.pinId === 'bake5'), 'old text forgotten');
  assert.ok(channel.recall(context(['hike1']), 3).some((c) => c.pinId === 'bake5'), 'new text indexed');
});

test('save and load round trip, pins added after fit included', () => {
  const channel = fitted(CATALOG.filter((p) => p.id !== 'hike4'));
  channel.addPin(CATALOG.find((p) => p.id === 'hike4')!);
  const copy = new ContentChannel(CONTENT_DEFAULTS);
  copy.load(decodeState(encodeState(channel.save())));
  const user = context(['hike1', 'code2']);
  assert.deepEqual(copy.recall(user, 6), channel.recall(user, 6));
  assert.deepEqual(copy.similarItems('hike4', 3), channel.similarItems('hike4', 3));
  assert.deepEqual(copy.vectorizeText('alpine lakes'), channel.vectorizeText('alpine lakes'));
  assert.throws(() => copy.load({ format: 'something-else' }), /not a saved content channel/);
});

test('fitting without the catalogue is an error that says what is missing', () => {
  assert.throws(() => new ContentChannel(CONTENT_DEFAULTS).fit(EMPTY, { now: NOW }), /FitOptions\.catalog/);
  assert.throws(() => new ContentChannel(CONTENT_DEFAULTS).vectorizeText('x'), /not fitted/);
  assert.deepEqual(new ContentChannel(CONTENT_DEFAULTS).recall(context(['a']), 3), []);
});
