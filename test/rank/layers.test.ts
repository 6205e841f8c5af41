import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Experts, GateMix, PleMix } from '../../src/rank/layers.js';
import { readyTf, tf } from '../../src/rank/tf.js';

before(async () => {
  await readyTf();
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());
const near = (a: number[], b: number[]) => a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-5, `${i}: ${x} vs ${b[i]}`));

test('Experts on a shared input: each expert is its own dense layer', () => {
  const layer = new Experts({ experts: 2, units: 3, activation: 'linear', l2: 0, seed: 1, biasInit: [0.5, -1] });
  const x = tf.tensor2d([[1, 2], [3, -1]]);
  const y = layer.apply(x) as tf.Tensor;
  assert.deepEqual(y.shape, [2, 2, 3]);
  const [kernel] = layer.getWeights().map(values); // in × (experts · units)
  for (let b = 0; b < 2; b++) {
    for (let e = 0; e < 2; e++) {
      for (let u = 0; u < 3; u++) {
        const col = e * 3 + u;
        const expected = values(x)[b * 2]! * kernel![col]! + values(x)[b * 2 + 1]! * kernel![6 + col]! + (e === 0 ? 0.5 : -1);
        near([values(y)[b * 6 + e * 3 + u]!], [expected]);
      }
    }
  }
});

test('Experts on grouped input: each group has its own experts; softmax normalises the last axis', () => {
  const layer = new Experts({ experts: 1, units: 2, activation: 'linear', l2: 0, seed: 2 });
  const x = tf.tensor3d([[[1, 0], [0, 1], [1, 1]]]); // batch 1, 3 groups, in 2
  const y = values(layer.apply(x) as tf.Tensor);
  const kernel = values(layer.getWeights()[0]!); // groups × in × units
  for (let g = 0; g < 3; g++) {
    const input = [[1, 0], [0, 1], [1, 1]][g]!;
    for (let u = 0; u < 2; u++) near([y[g * 2 + u]!], [input[0]! * kernel[g * 4 + u]! + input[1]! * kernel[g * 4 + 2 + u]!]);
  }
  const gates = values(new Experts({ experts: 4, units: 3, activation: 'softmax', l2: 0, seed: 3 }).apply(tf.tensor2d([[1, -2]])) as tf.Tensor);
  for (let e = 0; e < 4; e++) near([gates.slice(e * 3, e * 3 + 3).reduce((s, v) => s + v, 0)], [1]);
});

test('GateMix and PleMix mix experts by their gates', () => {
  // One example, 2 tasks, 3 experts of width 2.
  const experts = tf.tensor3d([[[1, 0], [0, 1], [2, 2]]]);
  const gates = tf.tensor3d([[[1, 0, 0], [0.25, 0.25, 0.5]]]);
  near(values(new GateMix({}).apply([gates, experts]) as tf.Tensor), [1, 0, 1.25, 1.25]);
  // PLE: each of 2 tasks has 1 own expert; 2 shared experts. Gates over [own, shared1, shared2].
  const own = tf.tensor3d([[[1, 0], [0, 1]]]); // task 0's expert, task 1's expert
  const shared = tf.tensor3d([[[4, 4], [8, 0]]]);
  const pleGates = tf.tensor3d([[[0.5, 0.5, 0], [0.5, 0, 0.5]]]);
  const mixed = values(new PleMix({ perTask: 1 }).apply([pleGates, own, shared]) as tf.Tensor);
  near(mixed, [0.5 * 1 + 0.5 * 4, 0.5 * 0 + 0.5 * 4, 0.5 * 0 + 0.5 * 8, 0.5 * 1 + 0]);
});
