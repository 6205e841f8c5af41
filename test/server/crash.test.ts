/** An acknowledged write survives kill -9 of the server. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startServeProcess, waitForExit } from '../helpers/process.js';
import { tempDataDir } from '../helpers/server.js';

test('every acknowledged event is there after SIGKILL mid-ingestion and a restart', { timeout: 120_000 }, async () => {
  const dataDir = tempDataDir();
  const first = await startServeProcess(dataDir);
  const acknowledged: string[] = [];
  let killed = false;
  let sent = 0;

  // Several clients send batches and single events until the server dies under them.
  const client = async (c: number) => {
    for (let n = 0; !killed; n++) {
      const size = n % 3 === 0 ? 1 : 200;
      const events = Array.from({ length: size }, (_, i) => ({
        id: `c${c}-b${n}-${i}`,
        userId: `u${(c * 7 + i) % 50}`,
        pinId: `p${i % 100}`,
        type: 'closeup',
      }));
      sent += size;
      try {
        const r = await fetch(`${first.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        });
        if (r.status === 200) acknowledged.push(...events.map((e) => e.id));
      } catch {
        return; // the connection died with the server: not acknowledged
      }
    }
  };
  const clients = Array.from({ length: 6 }, (_, c) => client(c));
  await new Promise((r) => setTimeout(r, 1500));
  first.child.kill('SIGKILL');
  killed = true;
  await Promise.all(clients);
  await waitForExit(first.child);
  assert.ok(acknowledged.length > 1000, `only ${acknowledged.length} events were acknowledged before the kill`);
  assert.ok(sent > acknowledged.length, 'some requests should have been in flight at the kill');

  const second = await startServeProcess(dataDir);
  try {
    const stats = (await (await fetch(`${second.url}/v1/stats`)).json()) as { events: { closeup: number } };
    assert.ok(stats.events.closeup >= acknowledged.length);
    const store = new SqliteStore({ file: path.join(dataDir, 'tessera.db') });
    const logged = new Set<string>();
    for await (const batch of store.events.scan()) for (const e of batch) logged.add(e.id);
    await store.close();
    const lost = acknowledged.filter((id) => !logged.has(id));
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acknowledged events were lost`);
  } finally {
    second.child.kill('SIGTERM');
    await waitForExit(second.child);
  }
});
