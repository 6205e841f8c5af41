/** `tessera evaluate --ranking --sweep`, end to end on a tiny demo world. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { UtilitySweepEvaluation } from '../../src/eval/ranking-sweep.js';
import { tessera } from '../helpers/process.js';
import { tempDataDir } from '../helpers/server.js';

describe('tessera evaluate --ranking --sweep', { timeout: 240_000 }, () => {
  const dataDir = tempDataDir();
  before(() => {
    const seeded = tessera(['seed-demo', '--users', '60', '--creators', '20', '--pins', '300', '--events', '6000', '-d', dataDir]);
    assert.equal(seeded.status, 0, seeded.stderr);
  });

  test('prints the front as JSON, marks the configured weights and writes the page', () => {
    const html = path.join(tempDataDir(), 'sweep.html');
    const r = tessera(['evaluate', '--ranking', '--sweep', '--k', '3', '--epochs', '1', '--weights', '{"save": 6}', '--json', '--html', html, '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    assert.match(r.stderr, /training mmoe/, 'progress goes to stderr');
    const report = JSON.parse(r.stdout) as UtilitySweepEvaluation;
    assert.equal(report.k, 3);
    assert.deepEqual(report.points[0]!.weights, { closeup: 1, click: 2, save: 6, hide: -8, dwell: 0.5 });
    assert.ok(report.front.length > 0);
    assert.ok(report.front.every((i) => report.points[i]!.efficient));
    assert.ok(report.model.epochs.run <= 1, '--epochs caps training');
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /saves@3 against closeups@3/);
  });

  test('the text table, and mistakes named before any training', () => {
    const r = tessera(['evaluate', '--ranking', '--sweep', '--k', '3', '--epochs', '1', '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    assert.match(r.stdout, /top 3 of each of \d+ groups of more than 3 impressions/);
    assert.match(r.stdout, /^configured\s+1\s+2\s+4\s+-8\s+0\.5 /m);
    assert.match(r.stdout, /^front/m);
    const mistake = (args: string[], message: RegExp) => {
      const bad = tessera(['evaluate', ...args, '-d', dataDir]);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, message);
      assert.doesNotMatch(bad.stderr, /training mmoe/);
    };
    mistake(['--ranking', '--sweep', '--weights', '{"hide": 1}'], /utility weights\/hide/);
    mistake(['--ranking', '--sweep', '--weights', 'save=6'], /--weights takes a JSON object/);
    mistake(['--ranking', '--sweep', '--weights', '{"sve": 6}'], /sve/);
    mistake(['--sweep'], /go with --ranking/);
    mistake(['--ranking', '--weights', '{"save": 6}'], /goes with --sweep/);
    mistake(['--ranking', '--sweep', '--epochs', 'many'], /ranker options\/epochs/);
  });
});
