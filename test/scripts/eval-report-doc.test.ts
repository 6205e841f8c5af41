import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blocks, replaceBetween, upsertBlock } from '../../scripts/eval-report-doc.js';

const ORDER = ['first', 'second', 'third'];

test('replaceBetween edits only the text between the markers', () => {
  const doc = '# Title\n\nintro\n<!-- b -->\nold\n<!-- e -->\n\n## Later\nkept\n';
  assert.equal(replaceBetween(doc, '<!-- b -->', '<!-- e -->', () => 'new'), '# Title\n\nintro\n<!-- b -->\nnew\n<!-- e -->\n\n## Later\nkept\n');
  assert.throws(() => replaceBetween('no markers', '<!-- b -->', '<!-- e -->', (x) => x), /needs the markers/);
});

test('upsertBlock replaces one protocol block, keeps the others, and orders them', () => {
  let inside = upsertBlock('', 'third', 'T1', ORDER);
  inside = upsertBlock(inside, 'first', 'F1\n\n| a |', ORDER);
  assert.deepEqual([...blocks(inside)], [['first', 'F1\n\n| a |'], ['third', 'T1']]);
  inside = upsertBlock(inside, 'third', 'T2', ORDER);
  inside = upsertBlock(inside, 'second', 'S1', ORDER);
  assert.deepEqual([...blocks(inside)], [['first', 'F1\n\n| a |'], ['second', 'S1'], ['third', 'T2']]);
  assert.equal(inside.match(/<!-- eval:third -->/g)!.length, 1);
});
