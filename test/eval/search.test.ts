import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSpace, randomSearch, sampleParam, type Params, type Trial } from '../../src/eval/search.js';
import { Random } from '../../src/math/random.js';
import type { SearchSpace } from '../../src/recall/search-space.js';

const SPACE: SearchSpace = {
  x: { kind: 'float', min: 0, max: 10 },
  k: { kind: 'int', min: 1, max: 1000, log: true },
  lr: { kind: 'log', min: 0.0001, max: 1 },
  kind: { kind: 'choice', values: ['a', 'b', 'c'] },
};

/** Peaks at 1 for x = 7, k = 50, lr = 0.01, kind = b. */
function quality(p: Params): number {
  const x = p.x as number;
  const k = p.k as number;
  const lr = p.lr as number;
  return 1 - (x - 7) ** 2 / 50 - Math.log10(k / 50) ** 2 / 4 - Math.log10(lr / 0.01) ** 2 / 8 - (p.kind === 'b' ? 0 : 0.2);
}

test('draws stay in range, follow the scale, and repeat with the seed', () => {
  const r = new Random(5);
  const ks = Array.from({ length: 4000 }, () => sampleParam(SPACE.k!, r) as number);
  assert.ok(ks.every((k) => Number.isInteger(k) && k >= 1 && k <= 1000));
  // Log-uniform: about a third of draws below 10 (one decade of three), where uniform would give 1%.
  const below10 = ks.filter((k) => k < 10).length / ks.length;
  assert.ok(below10 > 0.25 && below10 < 0.42, `share below 10: ${below10}`);
  assert.ok(ks.includes(1) && Math.max(...ks) > 900);
  const lrs = Array.from({ length: 1000 }, () => sampleParam(SPACE.lr!, r) as number);
  assert.ok(lrs.every((v) => v >= 0.0001 && v <= 1 && Number(v.toPrecision(3)) === v));
  const a = Array.from({ length: 5 }, () => sampleParam(SPACE.x!, new Random(11)));
  assert.equal(new Set(a).size, 1);
});

test('a malformed space fails naming the parameter', () => {
  assert.throws(() => checkSpace({}), /no parameters/);
  assert.throws(() => checkSpace({ lambda: { kind: 'log', min: 0, max: 10 } }), /search\.lambda.*min > 0/);
  assert.throws(() => checkSpace({ n: { kind: 'int', min: 5, max: 2 } }), /search\.n.*min <= max/);
  assert.throws(() => checkSpace({ n: { kind: 'int', min: 1.5, max: 2 } }), /search\.n.*whole numbers/);
  assert.throws(() => checkSpace({ c: { kind: 'choice', values: [] } }), /search\.c/);
});

test('random search finds the known optimum of a synthetic objective', async () => {
  const result = await randomSearch(SPACE, (p) => quality(p), { trials: 300, seed: 1 });
  assert.equal(result.trials.length, 300);
  assert.equal(result.stoppedEarly, undefined);
  const best = result.best.params;
  assert.ok(result.best.value! > 0.95, `best ${result.best.value}`);
  assert.equal(best.kind, 'b');
  assert.ok(Math.abs((best.x as number) - 7) < 1.2, `x ${best.x}`);
  assert.ok((best.k as number) > 15 && (best.k as number) < 170, `k ${best.k}`);
  assert.ok((best.lr as number) > 0.001 && (best.lr as number) < 0.1, `lr ${best.lr}`);
  // The best is the maximum of what was tried, and the same seed runs the same search.
  assert.equal(result.best.value, Math.max(...result.trials.map((t) => t.value!)));
  const again = await randomSearch(SPACE, (p) => quality(p), { trials: 300, seed: 1 });
  assert.deepEqual(again.best.params, best);
});

test('the search stops after `patience` trials without improvement, and tries the initial parameters first', async () => {
  const initial = { x: 7, k: 50, lr: 0.01, kind: 'b' };
  const seen: Trial[] = [];
  const result = await randomSearch(SPACE, (p) => quality(p), { trials: 500, seed: 2, patience: 6, initial: [initial], onTrial: (t) => seen.push(t) });
  // The initial parameters are the optimum: nothing can beat them, so the search ends after 1 + 6 trials.
  assert.deepEqual(result.trials[0]!.params, initial);
  assert.equal(result.best.number, 1);
  assert.equal(result.trials.length, 7);
  assert.match(result.stoppedEarly!, /no improvement in 6 trials/);
  assert.equal(seen.length, 7);

  // Without a perfect start: the run ends exactly `patience` trials after its last new best.
  const open = await randomSearch(SPACE, (p) => quality(p), { trials: 500, seed: 2, patience: 6 });
  assert.ok(open.trials.length < 500);
  assert.equal(open.trials.length - open.best.number, 6);
  const before = open.trials.slice(0, open.best.number - 1).map((t) => t.value!);
  assert.ok(open.best.value! > Math.max(...before));
});

/** An iterative objective: after epoch e the trial is at quality · (1 - 0.6^e), over 10 epochs. */
function iterative(epochsRun: { count: number }) {
  return (p: Params, trial: { reportEpoch(e: number, v: number): void }) => {
    const q = quality(p);
    for (let e = 1; e <= 10; e++) {
      epochsRun.count++;
      trial.reportEpoch(e, q * (1 - 0.6 ** e));
    }
    return q;
  };
}

test('median pruning stops trials whose curve falls below the median of completed trials, and never the best', async () => {
  const epochs = { count: 0 };
  const result = await randomSearch(SPACE, iterative(epochs), { trials: 40, seed: 3, pruning: 'median', startupTrials: 3, warmupEpochs: 1 });
  const pruned = result.trials.filter((t) => t.status === 'pruned');
  const complete = result.trials.filter((t) => t.status === 'complete');
  assert.ok(pruned.length >= 10, `pruned ${pruned.length}`);
  assert.ok(epochs.count < 40 * 10 - pruned.length * 5, `epochs run ${epochs.count}`);
  for (const t of pruned) {
    const last = t.curve[t.curve.length - 1]!;
    // Pruned at the first epoch after warm-up, since every curve has the same shape.
    assert.equal(last.epoch, 2);
    assert.match(t.note!, /pruned after epoch 2/);
    const earlier = complete.filter((c) => c.number < t.number).map((c) => c.curve[1]!.value).sort((a, b) => a - b);
    assert.ok(earlier.length >= 3);
    const m = earlier.length % 2 ? earlier[earlier.length >> 1]! : (earlier[earlier.length / 2 - 1]! + earlier[earlier.length / 2]!) / 2;
    assert.ok(last.value < m);
  }
  // Pruning loses nothing here: the best is the best quality among all trials, pruned ones included.
  const bestQuality = Math.max(...result.trials.map((t) => quality(t.params)));
  assert.equal(result.best.value, bestQuality);

  const off = await randomSearch(SPACE, iterative({ count: 0 }), { trials: 40, seed: 3, pruning: 'off' });
  assert.equal(off.trials.filter((t) => t.status === 'pruned').length, 0);
  assert.deepEqual(off.best.params, result.best.params);
});

test('best-curve pruning compares with the best trial so far', async () => {
  const result = await randomSearch(SPACE, iterative({ count: 0 }), { trials: 30, seed: 4, pruning: 'best', startupTrials: 1 });
  let best: Trial | undefined;
  for (const t of result.trials) {
    if (best) assert.equal(t.status === 'pruned', quality(t.params) < best.value!, `trial ${t.number}`);
    if (t.status === 'complete' && (!best || t.value! > best.value!)) best = t;
  }
});

test('failed trials are recorded; a search where nothing completes fails with the first reason', async () => {
  const result = await randomSearch(
    SPACE,
    (p) => {
      if (p.kind === 'c') throw new Error('kind c is not supported');
      return quality(p);
    },
    { trials: 20, seed: 5 },
  );
  const failed = result.trials.filter((t) => t.status === 'failed');
  assert.ok(failed.length > 0);
  assert.ok(failed.every((t) => t.params.kind === 'c' && t.note === 'kind c is not supported'));
  await assert.rejects(
    randomSearch(SPACE, () => Number.NaN, { trials: 3, seed: 5 }),
    /no trial completed; trial 1 failed: the objective returned NaN/,
  );
});

test('a space of few choices ends when every combination was tried', async () => {
  const result = await randomSearch({ a: { kind: 'choice', values: [1, 2] }, b: { kind: 'choice', values: [true, false] } }, (p) => Number(p.a), {
    trials: 50,
    seed: 1,
  });
  assert.equal(result.trials.length, 4);
  assert.match(result.stoppedEarly!, /every parameter set/);
});
