/** A running server picks up a model set trained elsewhere, without failing a request. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/pipeline/engine.js';
import { openStore } from '../../src/store/open.js';
import { miniEvents, miniPins } from '../helpers/mini-world.js';
import { startTestServer } from '../helpers/server.js';

test('a model set trained by another process goes live atomically', { timeout: 60_000 }, async () => {
  const s = await startTestServer();
  try {
    const before = (await s.request('GET', '/v1/stats')).body.models.trainedAt;
    // Another process (here: another engine on the same data directory) adds data and trains.
    const trainer = new Engine(openStore(s.config), s.config);
    await trainer.store.pins.upsertMany(miniPins());
    await trainer.store.events.append(miniEvents());

    let failures = 0;
    let requests = 0;
    let swapped = false;
    const load = (async () => {
      while (!swapped) {
        const r = await s.request('GET', '/v1/users/a-user-3/feed?limit=5');
        requests++;
        if (r.status !== 200) failures++;
      }
    })();
    await trainer.train();
    await trainer.store.close();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const stats = (await s.request('GET', '/v1/stats')).body;
      if (stats.models.trainedAt !== before) {
        swapped = true;
        assert.equal(stats.models.interactions, miniEvents().length / 2, 'one interaction per (user, pin): the new set saw the new events');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    swapped = true;
    await load;
    assert.notEqual((await s.request('GET', '/v1/stats')).body.models.trainedAt, before, 'the new model set never went live');
    assert.equal(failures, 0, `${failures} of ${requests} feed requests failed during the swap`);
    const feed = (await s.request('GET', '/v1/users/a-user-3/feed?limit=5')).body;
    assert.equal(feed.items.length, 5);
    assert.ok(feed.items[0].sources.length > 1, 'personal channels found the top pin');
  } finally {
    await s.close();
  }
});
