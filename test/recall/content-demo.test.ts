import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { Interactions, eventWeight } from '../../src/recall/interactions.js';
import { createChannel } from '../../src/recall/registry.js';
import { NOW, smallWorld } from '../demo/fixture.js';

test('content on the demo world: the top 10 comes from the categories the user engaged with', async (t) => {
  const world = smallWorld();
  const { eventWeights, dwellThresholdMs } = loadConfig({ env: {}, cwd: '/', overrides: {} }).training;
  const records = world.events.flatMap((e) =>
    e.pinId === undefined ? [] : [{ userId: e.userId, pinId: e.pinId, weight: eventWeight(e, { weights: eventWeights, dwellThresholdMs }), timestamp: e.timestamp }],
  );
  const data = Interactions.fromRecords(records, world.pins.map((p) => p.id));
  const channel = createChannel('content', loadConfig({ env: {}, cwd: '/', overrides: {} }));
  await channel.fit(data, { now: NOW, catalog: world.pins });

  // A demo pin's first tag is its category.
  const category = new Map(world.pins.map((p) => [p.id, p.tags[0]!]));
  const perCategory = new Map<string, number>();
  for (const c of category.values()) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
  let users = 0;
  let share = 0;
  let chance = 0;
  for (const userId of data.users.toArray()) {
    const history = data.history(userId);
    const engaged = new Set(history.filter((h) => h.weight > 0).map((h) => category.get(h.pinId)!));
    if (history.filter((h) => h.weight > 0).length < 3) continue;
    const top = channel.recall({ userId, now: NOW, history, exclude: new Set(history.map((h) => h.pinId)) }, 10);
    assert.equal(top.length, 10);
    users++;
    share += top.filter((c) => engaged.has(category.get(c.pinId)!)).length / top.length;
    let pins = 0;
    for (const c of engaged) pins += perCategory.get(c)!;
    chance += pins / world.pins.length;
  }
  share /= users;
  chance /= users;
  t.diagnostic(`${users} users: ${(100 * share).toFixed(1)}% of the top 10 in engaged categories (${(100 * chance).toFixed(1)}% by chance)`);
  assert.ok(users > 100, `${users} users`);
  assert.ok(share > 0.9, `share ${share}`);
  assert.ok(share > chance + 0.3, `share ${share} against chance ${chance}`);
});
