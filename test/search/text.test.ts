import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGLISH_STOP_WORDS, normalizeText, stemS, tokenize } from '../../src/search/text.js';

test('lowercase words split on punctuation and spaces', () => {
  assert.deepEqual(tokenize('Hello, World! Kitchen-Island   ideas.'), ['hello', 'world', 'kitchen', 'island', 'ideas']);
  assert.deepEqual(tokenize('10 ideas for 2024'), ['10', 'ideas', '2024']);
  assert.deepEqual(tokenize(''), []);
});

test('English stop words and one-letter words go, unless asked to stay', () => {
  assert.deepEqual(tokenize('The cat and the hat'), ['cat', 'hat']);
  assert.deepEqual(tokenize('A cat', { stopWords: false, minLength: 1 }), ['a', 'cat']);
  assert.deepEqual(tokenize('the cat', { stopWords: new Set(['cat']) }), ['the']);
  assert.ok(ENGLISH_STOP_WORDS.has('with') && !ENGLISH_STOP_WORDS.has('kitchen'));
});

test('Unicode: accents folded, other scripts kept, compatibility forms unified', () => {
  assert.deepEqual(tokenize('Café Crème BRÛLÉE'), ['cafe', 'creme', 'brulee']);
  assert.deepEqual(tokenize('Привет, мир'), ['привет', 'мир']);
  assert.deepEqual(tokenize('Καλημέρα κόσμε'), ['καλημερα', 'κοσμε']);
  assert.deepEqual(tokenize('ＡＢＣ ﬁsh'), ['abc', 'fish']);
  assert.equal(normalizeText('Straße'), 'straße');
  // Ideographs and kana are words of their own (their scripts put no spaces between words).
  assert.deepEqual(tokenize('東京 ramen'), ['東', '京', 'ramen']);
});

test('apostrophes: possessives dropped, contractions joined', () => {
  assert.deepEqual(tokenize("Don't miss Pinterest's feed"), ['dont', 'miss', 'pinterest', 'feed']);
  assert.deepEqual(tokenize('wikipedia’s'), ['wikipedia']);
});

test('the S-stemmer reduces plurals and leaves other endings', () => {
  const cases: [string, string][] = [
    ['ideas', 'idea'],
    ['berries', 'berry'],
    ['dishes', 'dishe'],
    ['cabinets', 'cabinet'],
    ['glass', 'glass'],
    ['virus', 'virus'],
    ['shoes', 'shoe'],
    ['gas', 'gas'],
    ['kitchen', 'kitchen'],
  ];
  for (const [word, stem] of cases) assert.equal(stemS(word), stem, word);
  assert.deepEqual(tokenize('Cozy kitchens and berries', { stem: true }), ['cozy', 'kitchen', 'berry']);
  assert.deepEqual(tokenize('Cozy kitchens'), ['cozy', 'kitchens'], 'off by default');
});
