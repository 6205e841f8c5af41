/** The channel options reference in docs/ is the one the registry generates. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { channelOptionsMarkdown } from '../../src/recall/describe.js';
import { CHANNEL_NAMES } from '../../src/recall/registry.js';

test('docs/recall-options.md is up to date with every channel and option (npm run docs:channels)', () => {
  const generated = channelOptionsMarkdown();
  for (const name of CHANNEL_NAMES) assert.match(generated, new RegExp(`^## ${name}$`, 'm'));
  assert.equal(fs.readFileSync('docs/recall-options.md', 'utf8'), generated, 'run `npm run docs:channels` and commit the result');
});
