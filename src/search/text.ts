/**
 * Text to terms, shared by search and content recall: Unicode normalisation,
 * lowercase, accents folded, words split on anything that is not a letter or
 * a digit, English stop words dropped, and optionally Harman's S-stemmer
 * (plurals only: light enough not to merge unrelated words).
 */

export interface TokenizeOptions {
  /** Terms to drop (after lowercasing, before stemming); `false` keeps every term. Default: ENGLISH_STOP_WORDS. */
  stopWords?: ReadonlySet<string> | false;
  /** Applies the S-stemmer to each term. Default false. */
  stem?: boolean;
  /** Shorter terms are dropped (ideographs always count as long enough). Default 2. */
  minLength?: number;
}

// prettier-ignore
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'because',
  'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do', 'does', 'doing', 'down',
  'during', 'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself',
  'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'more', 'most', 'my',
  'myself', 'no', 'nor', 'not', 'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out',
  'over', 'own', 'same', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 'very',
  'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you',
  'your', 'yours', 'yourself', 'yourselves',
]);

/**
 * A word is a run of letters, digits and combining marks, with inner
 * apostrophes ("don't"); an ideograph or kana, which scripts without spaces
 * use, is a word on its own.
 */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const IDEOGRAPH = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
/** Combining diacritics after NFD: folding them makes "café" and "cafe" one term. */
const DIACRITICS = /[\u0300-\u036f]/g;

/** Lowercase, NFKC, Latin diacritics folded. */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').normalize('NFKC').toLowerCase();
}

/** Harman's S-stemmer (1991): "-ies" → "-y", "-es" → "-e", "-s" → "", with its exceptions. */
export function stemS(word: string): string {
  if (word.length < 4) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !word.endsWith('aes') && !word.endsWith('ees') && !word.endsWith('oes')) return word.slice(0, -1);
  if (word.endsWith('s') && !word.endsWith('us') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The text's terms, in order, repeats kept. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stopWords = options.stopWords === undefined ? ENGLISH_STOP_WORDS : options.stopWords;
  const minLength = options.minLength ?? 2;
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(WORD)) {
    // Possessive "'s" goes; other apostrophes join the word ("don't" → "dont").
    const word = match[0].replace(/['’]s$/, '').replace(/['’]/g, '');
    if (word.length < minLength && !IDEOGRAPH.test(word)) continue;
    if (stopWords && stopWords.has(word)) continue;
    out.push(options.stem ? stemS(word) : word);
  }
  return out;
}
