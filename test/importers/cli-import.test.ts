import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tessera(args: string[], dataDir: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { encoding: 'utf8', env: { ...process.env, TESSERA_DATA_DIR: dataDir } },
      (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

async function counts(dataDir: string): Promise<number[]> {
  const store = new SqliteStore({ file: path.join(dataDir, 'tessera.db') });
  const out = [await store.users.count(), await store.pins.count(), await store.events.count()];
  await store.close();
  return out;
}

function workspace(files: Record<string, string>): { dir: string; dataDir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cli-import-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return { dir, dataDir: path.join(dir, 'data') };
}

const USERS = 'id,interests\nu1,diy|garden\n';
const PINS = '{"id":"p1","creatorId":"c1","title":"Shed, painted"}\n';
const EVENTS = 'userId,pinId,type,timestamp\nu1,p1,save,2026-01-01T00:00:00Z\nu1,p1,closeup,2026-01-01T00:00:01Z\n';

test('tessera import writes files and prints a summary', async () => {
  const { dir, dataDir } = workspace({ 'users.csv': USERS, 'pins.jsonl': PINS, 'events.csv': EVENTS });
  const run = await tessera(
    ['import', '--users', path.join(dir, 'users.csv'), '--pins', path.join(dir, 'pins.jsonl'), '--events', path.join(dir, 'events.csv')],
    dataDir,
  );
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /imported .*: 0 creators, 1 users, 1 pins, 2 events \(0 already present\)/);
  assert.deepEqual(await counts(dataDir), [1, 1, 2]);
});

test('a bad record exits 1 with file:line: field, no stack trace, and writes nothing', async () => {
  const bad = EVENTS + 'u1,p1,like,2026-01-01T00:00:02Z\n';
  const { dir, dataDir } = workspace({ 'users.csv': USERS, 'events.csv': bad });
  const run = await tessera(['import', '--users', path.join(dir, 'users.csv'), '--events', path.join(dir, 'events.csv')], dataDir);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^tessera: .*events\.csv:4: \/type: must be one of "impression"/m);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(await counts(dataDir), [0, 0, 0]);
});

test('an unknown dataset, a missing file or a missing dataset folder exit 1 with a clear message', async () => {
  const { dir, dataDir } = workspace({});
  const [unknown, missing, noFolder] = await Promise.all([
    tessera(['import', '--dataset', 'netflix'], dataDir),
    tessera(['import', '--events', path.join(dir, 'nope.csv')], dataDir),
    tessera(['import', '--dataset', 'ml-1m', '--dir', path.join(dir, 'ml-1m')], dataDir),
  ]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^tessera: --dataset: "netflix" is not a known dataset: use one of ml-100k, ml-1m/m);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^tessera: .*nope\.csv: does not exist/m);
  assert.equal(noFolder.status, 1);
  assert.match(noFolder.stderr, /^tessera: .*ml-1m.interactions\.tsv: does not exist/m);
  for (const run of [unknown, missing, noFolder]) assert.doesNotMatch(run.stderr, /\n\s+at /);
});
