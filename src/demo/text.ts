/** Readable, varied text for demo creators and pins, from the category vocabularies. */
import type { Random } from '../math/random.js';
import type { DemoCategory } from './categories.js';

const ADJECTIVES = [
  'cozy', 'modern', 'minimal', 'easy', 'bold', 'dreamy', 'simple', 'classic', 'bright', 'vintage', 'stunning',
  'timeless', 'colorful', 'quick', 'elegant', 'playful', 'moody', 'fresh', 'budget-friendly', 'little', 'rustic', 'soft',
];
const NUMBERS = [3, 5, 7, 10, 12, 15, 20, 25, 30];
const CLOSERS = [
  'Save it for later.',
  'Tap through for the full guide.',
  'More like this on the board.',
  'Details in the link.',
  'Which one is your favourite?',
  'Tried it twice already.',
];
const NAME_FIRST = [
  'Golden', 'Maple', 'Little', 'Wild', 'Quiet', 'Copper', 'Salt', 'Juniper', 'Paper', 'Lumen', 'Olive', 'North', 'Velvet',
  'Honey', 'Cedar', 'Indigo', 'Sunday', 'Harbor', 'Willow', 'Clover', 'Amber', 'Fern', 'Pebble', 'Saffron',
];
const NAME_SECOND = ['Studio', 'House', 'Co', 'Journal', 'Lab', 'Club', 'Notes', 'Days', 'Corner', 'Collective', 'Works', 'Diaries'];

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

interface Fill {
  tag: string;
  tag2: string;
  adj: string;
  n: number;
}

function fill(template: string, f: Fill): string {
  return fillPlaceholders(template, f).replace(/\b([Aa]) (?=[aeiou])/g, '$1n ');
}

function fillPlaceholders(template: string, f: Fill): string {
  return template.replace(/\{(tag2|tag|Tag|adj|Adj|n)\}/g, (_, key: string) => {
    switch (key) {
      case 'tag':
        return f.tag;
      case 'tag2':
        return f.tag2;
      case 'Tag':
        return capitalize(f.tag);
      case 'adj':
        return f.adj;
      case 'Adj':
        return capitalize(f.adj);
      default:
        return String(f.n);
    }
  });
}

function fillFor(rng: Random, tags: readonly string[]): Fill {
  const tag = tags[0] ?? 'ideas';
  return { tag, tag2: tags[1] ?? tag, adj: rng.pick(ADJECTIVES), n: rng.pick(NUMBERS) };
}

/** A creator's display name, themed on their main category. */
export function creatorName(rng: Random, main: DemoCategory): string {
  const theme = rng.bernoulli(0.5) ? main.name : rng.pick(main.tags);
  return `${rng.pick(NAME_FIRST)} ${capitalize(theme)} ${rng.pick(NAME_SECOND)}`;
}

/** `vocabulary` are the pin's tags without the category slug, most prominent first. */
export function pinTitle(rng: Random, category: DemoCategory, vocabulary: readonly string[]): string {
  return capitalize(fill(rng.pick(category.titles), fillFor(rng, vocabulary)));
}

/** One or two sentences. */
export function pinDescription(rng: Random, category: DemoCategory, vocabulary: readonly string[]): string {
  const first = capitalize(fill(rng.pick(category.snippets), fillFor(rng, vocabulary)));
  return rng.bernoulli(0.6) ? `${first} ${rng.pick(CLOSERS)}` : first;
}
