/**
 * Editing the generated part of a Markdown document: the text between two
 * marker lines, and within it one block per protocol, each wrapped in
 * `<!-- eval:<name> -->` ... `<!-- /eval:<name> -->`.
 */

/** `doc` with the text between `begin` and `end` replaced by `edit(text)`; the markers and everything outside stay. */
export function replaceBetween(doc: string, begin: string, end: string, edit: (inside: string) => string): string {
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end, from + begin.length);
  if (from < 0 || to < 0) throw new Error(`the document needs the markers ${begin} and ${end}, in that order`);
  const inside = doc.slice(from + begin.length, to);
  return `${doc.slice(0, from + begin.length)}\n${edit(inside).trim()}\n${doc.slice(to)}`;
}

const open = (name: string) => `<!-- eval:${name} -->`;
const close = (name: string) => `<!-- /eval:${name} -->`;

/** Every block in `inside`, by name, in the order found. */
export function blocks(inside: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of inside.matchAll(/<!-- eval:([\w-]+) -->\n([\s\S]*?)\n<!-- \/eval:\1 -->/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** `inside` with the block `name` set to `text`: blocks in the order of `order` (others after, as found). */
export function upsertBlock(inside: string, name: string, text: string, order: readonly string[]): string {
  const all = blocks(inside);
  all.set(name, text.trim());
  const names = [...all.keys()].sort((a, b) => rank(a, order) - rank(b, order));
  return names.map((n) => `${open(n)}\n${all.get(n)}\n${close(n)}`).join('\n\n');
}

function rank(name: string, order: readonly string[]): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}
