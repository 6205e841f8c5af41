/** The full default configuration shown in docs/configuration.md is the real one. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/config.js';

test('docs/configuration.md shows the built-in defaults', () => {
  const doc = fs.readFileSync('docs/configuration.md', 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'no JSON block in docs/configuration.md');
  assert.deepEqual(JSON.parse(block[1]!), DEFAULT_CONFIG);
});
