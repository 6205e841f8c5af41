/**
 * Mini-batch training of a multi-task network with Adam: a weighted sum of
 * per-head losses (binary cross-entropy on the logits; squared error of
 * dwell over the examples with any dwell), plus the kernels' L2 penalties.
 * After each epoch the validation loss is measured; training stops after
 * `patience` epochs without improvement and the best epoch's weights are
 * restored (early stopping).
 */
import { Random } from '../math/random.js';
import { HEADS, TASKS, type Head } from './heads.js';
import { tf } from './tf.js';

/** Transformed inputs and targets, row-aligned. */
export interface TrainingSet {
  inputs: Float32Array;
  width: number;
  labels: Record<(typeof TASKS)[number], Uint8Array>;
  /** ln(1 + dwell seconds); 0 means no dwell, and is left out of the dwell loss. */
  dwell: Float32Array;
}

export interface TrainingOptions {
  learningRate: number;
  batchSize: number;
  epochs: number;
  patience: number;
  lossWeights: Record<Head, number>;
  seed: number;
}

export interface EpochReport {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  /** Validation loss per head (cross-entropy, or squared error for dwell). */
  validationHeads: Record<Head, number>;
  seconds: number;
}

export interface TrainingResult {
  epochs: EpochReport[];
  /** The epoch whose weights were kept (1-based). */
  bestEpoch: number;
}

const PREDICT_CHUNK = 8192;
/** Batches between returns to the event loop while training. */
const YIELD_EVERY_BATCHES = 16;

/** The network's raw outputs per head: logits for the binary heads, dwell as is. */
export function predictRaw(model: tf.LayersModel, inputs: Float32Array, width: number): Record<Head, Float32Array> {
  const n = inputs.length / width;
  const out = Object.fromEntries(HEADS.map((h) => [h, new Float32Array(n)])) as Record<Head, Float32Array>;
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    const end = Math.min(n, start + PREDICT_CHUNK);
    // One batch per chunk: predict() otherwise cuts the rows into batches of 32, paying the per-op cost for each.
    // The values are read outside tidy(), which would otherwise walk every element of the returned array.
    const output = tf.tidy(() => model.predict(tf.tensor2d(inputs.subarray(start * width, end * width), [end - start, width]), { batchSize: end - start }) as tf.Tensor);
    const values = output.dataSync() as Float32Array;
    output.dispose();
    for (let i = start; i < end; i++) HEADS.forEach((h, k) => (out[h][i] = values[(i - start) * HEADS.length + k]!));
  }
  return out;
}

const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));

/** Mean cross-entropy per binary head and mean squared dwell error over dwelled examples. */
export function headLosses(raw: Record<Head, Float32Array>, set: Pick<TrainingSet, 'labels' | 'dwell'>): Record<Head, number> {
  const n = set.dwell.length;
  const losses = {} as Record<Head, number>;
  for (const task of TASKS) {
    let sum = 0;
    const z = raw[task];
    const y = set.labels[task];
    for (let i = 0; i < n; i++) sum += softplus(z[i]!) - y[i]! * z[i]!;
    losses[task] = n > 0 ? sum / n : 0;
  }
  let sq = 0;
  let dwelled = 0;
  for (let i = 0; i < n; i++) {
    if (set.dwell[i]! <= 0) continue;
    const d = raw.dwell[i]! - set.dwell[i]!;
    sq += d * d;
    dwelled++;
  }
  losses.dwell = dwelled > 0 ? sq / dwelled : 0;
  return losses;
}

function weighted(losses: Record<Head, number>, weights: Record<Head, number>): number {
  return HEADS.reduce((s, h) => s + weights[h] * losses[h], 0);
}

/** Trains `model` in place; the validation set drives early stopping. */
export async function trainNetwork(
  model: tf.LayersModel,
  train: TrainingSet,
  validation: TrainingSet,
  options: TrainingOptions,
  onEpoch?: (report: EpochReport) => void,
): Promise<TrainingResult> {
  const { width } = train;
  const n = train.dwell.length;
  if (n === 0) throw new Error('no training examples');
  const optimizer = tf.train.adam(options.learningRate);
  const random = new Random(options.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  const batchInputs = new Float32Array(options.batchSize * width);
  const batchLabels = new Float32Array(options.batchSize * TASKS.length);
  const batchDwell = new Float32Array(options.batchSize);
  const batchMask = new Float32Array(options.batchSize);
  const taskWeights = tf.tensor1d(TASKS.map((t) => options.lossWeights[t]));
  const reports: EpochReport[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: [] as tf.Tensor[] };

  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      random.shuffle(order);
      let lossSum = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const b = Math.min(options.batchSize, n - start);
        for (let k = 0; k < b; k++) {
          const i = order[start + k]!;
          batchInputs.set(train.inputs.subarray(i * width, (i + 1) * width), k * width);
          TASKS.forEach((t, j) => (batchLabels[k * TASKS.length + j] = train.labels[t][i]!));
          batchDwell[k] = train.dwell[i]!;
          batchMask[k] = train.dwell[i]! > 0 ? 1 : 0;
        }
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(batchInputs.subarray(0, b * width), [b, width]);
          const y = tf.tensor2d(batchLabels.subarray(0, b * TASKS.length), [b, TASKS.length]);
          const dwell = tf.tensor2d(batchDwell.subarray(0, b), [b, 1]);
          const mask = tf.tensor2d(batchMask.subarray(0, b), [b, 1]);
          return optimizer.minimize(() => {
            const outputs = model.apply(x, { training: true }) as tf.Tensor2D; // batch × heads, HEADS order
            const logits = tf.slice(outputs, [0, 0], [b, TASKS.length]);
            const predictedDwell = tf.slice(outputs, [0, TASKS.length], [b, 1]);
            // Per-example, per-task cross-entropy on logits, averaged over the batch, weighted per task.
            const crossEntropy = tf.sum(tf.mul(tf.mean(tf.sub(tf.softplus(logits), tf.mul(y, logits)), 0), taskWeights));
            const dwellError = tf.div(tf.sum(tf.mul(mask, tf.square(tf.sub(predictedDwell, dwell)))), tf.maximum(tf.sum(mask), 1));
            const penalties = model.calculateLosses();
            const total = tf.add(crossEntropy, tf.mul(dwellError, options.lossWeights.dwell));
            return (penalties.length > 0 ? tf.add(total, tf.addN(penalties)) : total) as tf.Scalar;
          }, true)!;
        });
        lossSum += cost.dataSync()[0]! * b;
        cost.dispose();
        // A server training in-process (POST /v1/admin/train) keeps answering between batches.
        if ((start / options.batchSize) % YIELD_EVERY_BATCHES === YIELD_EVERY_BATCHES - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      const validationHeads = headLosses(predictRaw(model, validation.inputs, width), validation);
      const report: EpochReport = {
        epoch,
        trainLoss: lossSum / n,
        validationLoss: weighted(validationHeads, options.lossWeights),
        validationHeads,
        seconds: (performance.now() - started) / 1000,
      };
      reports.push(report);
      onEpoch?.(report);
      if (report.validationLoss < best.loss) {
        best.weights.forEach((w) => w.dispose());
        best = { loss: report.validationLoss, epoch, weights: model.getWeights().map((w) => w.clone()) };
      } else if (epoch - best.epoch > options.patience) {
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (best.weights.length > 0) model.setWeights(best.weights);
  } finally {
    best.weights.forEach((w) => w.dispose());
    taskWeights.dispose();
    optimizer.dispose();
  }
  return { epochs: reports, bestEpoch: best.epoch };
}
