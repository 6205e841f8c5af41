import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DEMO_SIZES } from '../../src/demo/options.js';
import { generateDemoWorld } from '../../src/demo/world.js';
import { countTypes, NOW } from './fixture.js';

test('the default-size world generates, at the documented sizes', { timeout: 60_000 }, () => {
  const world = generateDemoWorld({ now: NOW });
  assert.equal(world.users.length, DEFAULT_DEMO_SIZES.users);
  assert.equal(world.creators.length, DEFAULT_DEMO_SIZES.creators);
  assert.equal(world.pins.length, DEFAULT_DEMO_SIZES.pins);
  assert.ok(Math.abs(world.events.length - DEFAULT_DEMO_SIZES.events) < 0.02 * DEFAULT_DEMO_SIZES.events, `${world.events.length} events`);
  const c = countTypes(world.events);
  assert.ok(c.save! < c.click! && c.click! < c.closeup! && c.closeup! < c.impression!);
  assert.equal(world.truth.pins.size, DEFAULT_DEMO_SIZES.pins);
});
