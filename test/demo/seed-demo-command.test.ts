import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { silentProgress } from '../../src/cli/progress.js';
import { register, seedDemo, type CommandIo, type SeedDemoFlags } from '../../src/cli/commands/seed-demo.js';
import { readDemoTruth } from '../../src/demo/seed.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-seed-demo-'));
const SIZE = ['--users', '40', '--creators', '10', '--pins', '150', '--events', '3000', '--seed', '3'];
const FLAGS: SeedDemoFlags = { seed: 3, users: 40, creators: 10, pins: 150, events: 3000, days: 30 };

function capture(): CommandIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progress: silentProgress };
}

test('tessera seed-demo seeds the store and writes demo-truth.json (end to end)', async () => {
  const dir = tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: dir };
  delete env.TESSERA_CONFIG;
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'seed-demo', ...SIZE], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /pins\s+150/);
  assert.match(run.stdout, /impression\s+[\d,]+/);
  assert.match(run.stdout, /Done in \d+\.\d s/);
  assert.match(run.stderr, /Seeding events/, 'progress goes to stderr');
  assert.equal((await readDemoTruth(dir))?.interestsStart.size, 40);
});

test('seed-demo refuses a store that has pins, and seeds it anyway with --force', async () => {
  const dir = tempDir();
  process.env.TESSERA_DATA_DIR = dir;
  delete process.env.TESSERA_CONFIG;
  const first = capture();
  assert.equal(await seedDemo(FLAGS, first), 0);
  assert.ok(first.lines.some((l) => /events\s+[\d,]+ written/.test(l)), first.lines.join('\n'));

  const refused = capture();
  assert.equal(await seedDemo({ ...FLAGS, seed: 4 }, refused), 1);
  assert.match(refused.errors.join('\n'), /already has 150 pins; nothing was written[\s\S]*--force/);
  assert.equal(refused.lines.length, 0);

  const forced = capture();
  assert.equal(await seedDemo({ ...FLAGS, force: true }, forced), 0);
  assert.ok(forced.lines.some((l) => /already in the log/.test(l)), 'reports the events it kept');
  const store = new SqliteStore({ file: path.join(dir, 'tessera.db') });
  assert.equal(await store.pins.count(), 150);
  assert.equal(await store.users.count(), 40);
  await store.close();

  await assert.rejects(seedDemo({ ...FLAGS, pins: 5 }, capture()), /pins \(5\) must be at least creators \(10\)/);
});

test('seed-demo flags are parsed as numbers, with clear errors', async () => {
  const parse = async (...args: string[]) => {
    let errors = '';
    let flags: unknown;
    const program = new Command().exitOverride().configureOutput({ writeErr: (s) => (errors += s), writeOut: () => {} });
    register(program);
    program.commands[0]!.action((options: unknown) => {
      flags = options;
    });
    await program.parseAsync(['node', 'tessera', 'seed-demo', ...args]).catch(() => {});
    return { flags, errors };
  };
  const ok = await parse('--users', '12', '--days', '7.5', '--force');
  assert.deepEqual(ok.flags, { seed: 42, users: 12, creators: 1000, pins: 20000, events: 300000, days: 7.5, force: true });
  assert.match((await parse('--pins', 'many')).errors, /--pins takes a whole number, got "many"/);
  assert.match((await parse('--seed', '-1')).errors, /--seed takes a whole number/);
  assert.match((await parse('--days', '0')).errors, /--days takes a positive number/);
});
