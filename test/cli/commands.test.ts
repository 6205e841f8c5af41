/** The real `tessera` CLI, end to end, on a small demo world. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { startListening, tessera, waitForExit } from '../helpers/process.js';
import { tempDataDir } from '../helpers/server.js';

describe('tessera CLI', { timeout: 180_000 }, () => {
  const dataDir = tempDataDir();
  before(() => {
    const seeded = tessera(['seed-demo', '--users', '150', '--creators', '60', '--pins', '900', '--events', '20000', '-d', dataDir]);
    assert.equal(seeded.status, 0, seeded.stderr);
  });

  test('train reports what it trained on', () => {
    const r = tessera(['train', '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /trained on \d+ interactions \(\d+ users, 900 pins\)/);
  });

  test('recommend prints a feed with reasons, as JSON too', () => {
    const table = tessera(['recommend', 'u0001', '--limit', '5', '-d', dataDir]);
    assert.equal(table.status, 0, table.stderr);
    assert.equal(table.stdout.trim().split('\n').length, 5);
    const json = JSON.parse(tessera(['recommend', 'u0001', '--limit', '5', '--json', '-d', dataDir]).stdout) as { pinId: string; reason: string }[];
    assert.equal(json.length, 5);
    assert.ok(json.every((i) => i.pinId.startsWith('p') && i.reason.length > 0));
  });

  test('evaluate --json prints metrics keyed like HR@10 per channel', () => {
    const r = tessera(['evaluate', '--json', '--k', '10', '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    const metrics = JSON.parse(r.stdout) as Record<string, Record<string, number>>;
    for (const channel of ['popular', 'co-engagement']) {
      assert.ok(metrics[channel], `no ${channel} in ${Object.keys(metrics).join(',')}`);
      assert.ok(metrics[channel]!['NDCG@10']! >= 0 && metrics[channel]!['HR@10']! <= 1);
    }
  });

  test('evaluate --rerank --json compares pages before and after re-ranking', () => {
    const r = tessera(['evaluate', '--rerank', '--json', '--k', '10', '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { users: number; before: { ild: number }; after: { ild: number }; engagementCost: number };
    assert.ok(report.users > 0);
    assert.ok(report.after.ild >= report.before.ild, JSON.stringify(report));
  });

  test('bad flags and missing models fail with one clear line', () => {
    const badLimit = tessera(['recommend', 'u0001', '--limit', 'lots', '-d', dataDir]);
    assert.equal(badLimit.status, 1);
    assert.match(badLimit.stderr, /^tessera: --limit must be a whole number/m);
    const empty = tessera(['recommend', 'u0001', '-d', tempDataDir()]);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /no trained models yet/);
    assert.doesNotMatch(empty.stderr, /at .*\.ts:\d+/, 'no stack trace');
  });

  test('start trains a seeded store with no models and serves a personal feed', async () => {
    const fresh = tempDataDir();
    assert.equal(tessera(['seed-demo', '--users', '80', '--creators', '40', '--pins', '500', '--events', '8000', '-d', fresh]).status, 0);
    const { child, url } = await startListening(['start', '--port', '0', '-d', fresh], 120_000);
    try {
      const feed = (await (await fetch(`${url}/v1/users/u0002/feed?limit=10`)).json()) as { items: { reason: string }[] };
      assert.equal(feed.items.length, 10);
      const image = await fetch(`${url}/demo/images/p00001.png`);
      assert.equal(image.headers.get('content-type'), 'image/png');
    } finally {
      child.kill('SIGTERM');
      await waitForExit(child);
    }
  });
});
