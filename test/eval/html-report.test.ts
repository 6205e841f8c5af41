import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluationResult } from '../../src/eval/context.js';
import { lineChart, scatterChart } from '../../src/eval/html/charts.js';
import { curveOf, renderHtmlReport } from '../../src/eval/html/report.js';
import { axisFor, formatNumber, logTicks, niceTicks } from '../../src/eval/html/scale.js';
import type { Trial } from '../../src/eval/search.js';
import type { TuneResult } from '../../src/eval/tune.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

test('ticks are round numbers covering the data', () => {
  assert.deepEqual(niceTicks(0, 0.087), [0, 0.02, 0.04, 0.06, 0.08, 0.1]);
  assert.deepEqual(niceTicks(3, 47), [0, 10, 20, 30, 40, 50]);
  assert.deepEqual(niceTicks(5, 5), [4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6]);
  assert.deepEqual(logTicks(3, 400), [2, 5, 10, 20, 50, 100, 200, 500]);
  assert.deepEqual(logTicks(0.001, 100), [0.001, 0.01, 0.1, 1, 10, 100]);
  assert.deepEqual(axisFor('linear', [0.2, 0.7], { fromZero: true }).ticks.map((t) => t.label), ['0', '0.2', '0.4', '0.6', '0.8']);
  assert.equal(formatNumber(0.000169), '0.000169');
  assert.equal(formatNumber(1234.5), '1230');
});

test('a line chart maps data to pixels inside its axes, with labels and a legend', () => {
  const svg = lineChart(
    [
      { name: 'a', points: [[0, 0], [10, 1]] },
      { name: 'b <&>', points: [[5, 0.5], [6, Number.NaN]] },
    ],
    { title: 'NDCG@K', xLabel: 'K', yLabel: 'NDCG', width: 520 },
  );
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // Plot area: x from 66 to 502, y from 264 (value 0) up to 34 (value 1).
  assert.match(svg, /<path d="M66\.0,264\.0 L502\.0,34\.0"/);
  assert.match(svg, /<path d="M284\.0,149\.0"/, 'the NaN point is left out');
  assert.equal(count(svg, /<path /g), 2);
  assert.match(svg, />NDCG@K<\/text>/);
  assert.match(svg, /class="axis-label"[^>]*>K<\/text>/);
  assert.match(svg, /rotate\(-90\)" text-anchor="middle">NDCG<\/text>/);
  assert.match(svg, />b &lt;&amp;&gt;<\/text>/, 'legend names are escaped');
  assert.doesNotMatch(svg, /<&>/);
});

test('a scatter chart puts categories on the x axis and one dot per point', () => {
  const svg = scatterChart(
    [
      { name: 'trial', points: [[0, 0.1], [1, 0.2], [1, 0.25]] },
      { name: 'best', points: [[2, 0.3]], highlight: true },
    ],
    { title: 'NDCG@10 against similarity', xLabel: 'similarity', yLabel: 'NDCG@10', xScale: 'category', categories: ['cosine', 'jaccard', 'pearson'] },
  );
  assert.equal(count(svg, /<circle cx/g), 4 + 2, '4 points and 2 legend swatches');
  for (const c of ['cosine', 'jaccard', 'pearson']) assert.match(svg, new RegExp(`>${c}</text>`));
  assert.match(svg, /r="6" fill="[^"]+" fill-opacity="0.8" stroke="#111"/, 'the best trial stands out');
});

function trial(number: number, params: Trial['params'], value: number | undefined, curve: number[], status: Trial['status'] = 'complete'): Trial {
  return { number, params, status, value, curve: curve.map((v, i) => ({ epoch: i + 1, value: v })), seconds: 0.5, note: status === 'pruned' ? `pruned after epoch ${curve.length}` : undefined };
}

function result(channel: string, scale: number): EvaluationResult {
  const metrics: Record<string, number> = {};
  for (let k = 1; k <= 50; k++) {
    metrics[`NDCG@${k}`] = scale * Math.log2(1 + k) / 6;
    metrics[`Recall@${k}`] = (scale * k) / 50;
  }
  metrics['HR@10'] = scale;
  return { channel, metrics, users: 100, skipped: { notInTrain: 0, noRelevant: 0 }, excludedRelevant: 0, seconds: 1.25 };
}

test('the report holds the results table, metric-against-K curves, one scatter per option, training curves, and nothing external', () => {
  const trials = [
    trial(1, { factors: 64, regularization: 0.1, solver: 'cg' }, 0.2, [0.1, 0.15, 0.2]),
    trial(2, { factors: 16, regularization: 3, solver: 'cholesky' }, undefined, [0.05, 0.06], 'pruned'),
    trial(3, { factors: 128, regularization: 0.01, solver: 'cg' }, 0.3, [0.12, 0.25, 0.3]),
  ];
  const tuning: TuneResult = {
    channel: 'ials',
    metric: 'NDCG@10',
    space: {
      factors: { kind: 'int', min: 8, max: 256, log: true },
      regularization: { kind: 'log', min: 0.001, max: 10 },
      solver: { kind: 'choice', values: ['cg', 'cholesky'] },
    },
    validation: { split: 'leave-last-out', users: 900, trainRecords: 9000 },
    configured: trials[0]!.params,
    best: trials[2]!,
    trials,
    seconds: 12,
  };
  const html = renderHtmlReport({
    title: 'Tessera evaluation',
    metadata: { protocol: 'files', split: 'given, full ranking', details: { train: 'u1.base' }, createdAt: '2026-01-01T00:00:00.000Z' },
    results: [result('ials', 0.5), result('ials (tuned)', 0.6)],
    tableMetrics: ['HR@10', 'NDCG@10'],
    deviations: { ials: { 'HR@10': 0.01 } },
    tuning: [tuning],
    epochs: { bpr: [1, 2, 3].map((epoch) => ({ epoch, metrics: { loss: 1 / epoch } })) },
  });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script|<link|src=|url\(|@import/i, 'self-contained');
  // Results table: a row per result, the chosen columns, the deviation.
  assert.match(html, /<th>HR@10<\/th><th>NDCG@10<\/th>/);
  assert.match(html, /<td>ials \(tuned\)<\/td><td>100<\/td><td>0\.6000<\/td>/);
  assert.match(html, /0\.5000<span class="sd">± 0\.0100<\/span>/);
  // Charts: NDCG@K and Recall@K, a scatter per searched option, the trials' curves, bpr's loss.
  assert.equal(count(html, /<svg /g), 2 + 3 + 1 + 1);
  assert.equal(count(html, /class="chart chart-line"/g), 4);
  assert.equal(count(html, /class="chart chart-scatter"/g), 3);
  for (const title of ['NDCG@K', 'Recall@K', 'NDCG@10 against factors', 'NDCG@10 against regularization', 'NDCG@10 against solver', 'ials: validation NDCG@10 by epoch', 'bpr: loss by epoch']) {
    assert.match(html, new RegExp(`<title>${title.replace(/[()]/g, '\\$&')}</title>`), title);
  }
  // K curves: a 50-point path per result.
  const ndcgChart = html.slice(html.indexOf('<title>NDCG@K</title>'), html.indexOf('<title>Recall@K</title>'));
  assert.equal(count(ndcgChart, /<path d="M[^"]*"/g), 2);
  assert.equal(count(ndcgChart.match(/<path d="([^"]*)"/)![1]!, /L/g), 49);
  // The best options as JSON for the config, and the trials listed.
  assert.match(html, /training\.channels\.ials/);
  assert.match(html, /&quot;factors&quot;: 128/);
  assert.match(html, /<tr class="pruned"><td>2<\/td><td>–<\/td><td>pruned \(pruned after epoch 2\)/);
  assert.match(html, /3 trials \(2 complete, 1 pruned, 0 failed\)/);
});

test('curveOf reads "<family>@K" metrics in K order', () => {
  assert.deepEqual(curveOf({ 'NDCG@20': 0.3, 'NDCG@5': 0.1, 'HR@5': 1, MRR: 0.2 }, 'NDCG'), [[5, 0.1], [20, 0.3]]);
});
