import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluationResult } from '../../src/eval/evaluate.js';
import { formatTable, reportJson } from '../../src/eval/report.js';

const result = (channel: string, metrics: Record<string, number>, users = 10): EvaluationResult => ({
  channel,
  metrics,
  users,
  skipped: { notInTrain: 1, noRelevant: 0 },
  excludedRelevant: 0,
  seconds: 1.234,
});

const results = [
  result('popular', { 'HR@10': 0.5, 'NDCG@10': 0.25, MRR: Number.NaN }),
  result('item-cf', { 'HR@10': 0.75, 'NDCG@10': 0.3333333 }, 9),
];

test('the table has a row per channel and a column per metric', () => {
  const table = formatTable(results);
  assert.equal(
    table,
    [
      'channel  users   HR@10  NDCG@10  MRR  seconds',
      '---------------------------------------------',
      'popular     10  0.5000   0.2500    -     1.23',
      'item-cf      9  0.7500   0.3333    -     1.23',
      '',
    ].join('\n'),
  );
  assert.match(formatTable(results, { metrics: ['NDCG@10'], digits: 2 }), /^channel  users  NDCG@10  seconds\n/);
});

test('a table wider than the terminal is cut into blocks that repeat the channel column', () => {
  // channel (7) + users (2 + 5) + HR@10 (2 + 6) = 22; NDCG@10 (2 + 7) would make 31.
  const blocks = formatTable(results, { width: 30 }).trimEnd().split('\n\n');
  assert.equal(blocks.length, 2);
  assert.ok(blocks[1]!.startsWith('channel  NDCG@10  MRR  seconds\n'));
  for (const block of blocks) {
    const lines = block.split('\n');
    assert.ok(lines[0]!.startsWith('channel'));
    assert.ok(lines[2]!.startsWith('popular'));
    for (const line of lines) assert.ok(line.length <= 30, line);
  }
});

test('the JSON report keys metrics by channel, with metadata, and null for undefined values', () => {
  const report = reportJson(results, {
    protocol: 'ml1m-ncf',
    split: 'leave-last-out',
    details: { dataset: 'ml-1m', seed: 1 },
    createdAt: '2024-01-01T00:00:00.000Z',
  });
  assert.deepEqual(JSON.parse(JSON.stringify(report)), {
    protocol: 'ml1m-ncf',
    split: 'leave-last-out',
    createdAt: '2024-01-01T00:00:00.000Z',
    details: { dataset: 'ml-1m', seed: 1 },
    channels: {
      popular: { users: 10, seconds: 1.234, skipped: { notInTrain: 1, noRelevant: 0 }, excludedRelevant: 0, metrics: { 'HR@10': 0.5, 'NDCG@10': 0.25, MRR: null } },
      'item-cf': { users: 9, seconds: 1.234, skipped: { notInTrain: 1, noRelevant: 0 }, excludedRelevant: 0, metrics: { 'HR@10': 0.75, 'NDCG@10': 0.3333333 } },
    },
  });
  assert.throws(() => reportJson([results[0]!, results[0]!], { protocol: 'p', split: 's' }), /twice/);
  assert.match(reportJson([], { protocol: 'p', split: 's' }).createdAt, /^\d{4}-\d\d-\d\dT/);
});
