/**
 * FTRL as a ranker: one FTRL-Proximal logistic regression per binary task
 * over the transformed dense features, a bias, and hashed one-hot id
 * features and crosses (user × category, user × creator, ...), hashed with
 * FNV-1a into 2^hashBits buckets. Trained by online passes over examples in
 * time order, and updatable one example at a time afterwards (`update`).
 */
import { Type, type Static } from 'typebox';
import { pinCategory } from '../features/aggregates.js';
import { FeatureTransform, type FeatureTransformState } from '../features/transform.js';
import { fnv1a } from '../math/random.js';
import { wireValidator } from '../wire/validate.js';
import { exampleCount, type LabelledExamples } from './data.js';
import { FtrlLogistic, type FtrlState } from './ftrl.js';
import { rowCount, TASKS, type Head, type PinKeys, type Predictions, type Ranker, type RowIds, type Task } from './heads.js';

export const CROSSES = ['user', 'pin', 'creator', 'category', 'user-category', 'user-creator'] as const;
export type Cross = (typeof CROSSES)[number];

export const FtrlRankerOptions = Type.Object(
  {
    alpha: Type.Number({ exclusiveMinimum: 0, description: 'α: per-coordinate learning-rate scale.' }),
    beta: Type.Number({ minimum: 0, description: 'β: smooths the early per-coordinate learning rate.' }),
    l1: Type.Number({ minimum: 0, description: 'λ1: L1 penalty (exact zeros).' }),
    l2: Type.Number({ minimum: 0, description: 'λ2: L2 penalty.' }),
    hashBits: Type.Integer({ minimum: 4, maximum: 26, description: 'Hashed id features and crosses share 2^hashBits buckets per task.' }),
    crosses: Type.Array(
      Type.Union([
        Type.Literal('user'),
        Type.Literal('pin'),
        Type.Literal('creator'),
        Type.Literal('category'),
        Type.Literal('user-category'),
        Type.Literal('user-creator'),
      ]),
      { uniqueItems: true, description: 'Hashed one-hot features: ids (user, pin, creator, category) and crosses (user-category, user-creator).' },
    ),
    epochs: Type.Integer({ minimum: 1, maximum: 100, description: 'Online passes over the training examples, in time order.' }),
  },
  { additionalProperties: false },
);
export type FtrlRankerOptions = Static<typeof FtrlRankerOptions>;

export const FTRL_DEFAULTS: FtrlRankerOptions = {
  alpha: 0.1,
  beta: 1,
  l1: 1,
  l2: 1,
  hashBits: 18,
  crosses: ['pin', 'user-category', 'user-creator'],
  epochs: 1,
};

const validator = wireValidator(FtrlRankerOptions);

export function ftrlRankerOptions(overrides: Partial<FtrlRankerOptions> = {}): FtrlRankerOptions {
  try {
    return validator.parse({ ...FTRL_DEFAULTS, ...overrides });
  } catch (error) {
    throw new Error(`ftrl options${(error as Error).message}`);
  }
}

/** One example for an online update: a raw feature row, who saw which pin, and what happened (tasks without a label are not updated). */
export interface OnlineExample {
  row: Float32Array;
  userId: string;
  pin: PinKeys;
  labels: Partial<Record<Task, number>>;
}

export interface FtrlRankerState {
  kind: 'ftrl';
  options: FtrlRankerOptions;
  transform: FeatureTransformState;
  models: Record<Task, FtrlState>;
}

function crossKey(cross: Cross, userId: string, pin: PinKeys): string | undefined {
  const category = pinCategory(pin);
  switch (cross) {
    case 'user':
      return `u\u0001${userId}`;
    case 'pin':
      return `p\u0001${pin.id}`;
    case 'creator':
      return `c\u0001${pin.creatorId}`;
    case 'category':
      return category === undefined ? undefined : `k\u0001${category}`;
    case 'user-category':
      return category === undefined ? undefined : `uk\u0001${userId}\u0001${category}`;
    case 'user-creator':
      return `uc\u0001${userId}\u0001${pin.creatorId}`;
  }
}

export class FtrlRanker implements Ranker {
  readonly name = 'ftrl';
  readonly heads: readonly Head[] = TASKS;
  private readonly width: number;
  private readonly mask: number;
  private readonly indices: Uint32Array;
  private readonly values: Float32Array;

  private constructor(
    readonly options: FtrlRankerOptions,
    private readonly transform: FeatureTransform,
    private readonly models: Record<Task, FtrlLogistic>,
  ) {
    this.width = transform.outputWidth;
    this.mask = (1 << options.hashBits) - 1;
    this.indices = new Uint32Array(this.width + 1 + options.crosses.length);
    this.values = new Float32Array(this.indices.length);
  }

  /** An untrained ranker whose dense features go through `transform`. */
  static create(transform: FeatureTransform, overrides: Partial<FtrlRankerOptions> = {}): FtrlRanker {
    const options = ftrlRankerOptions(overrides);
    const size = transform.outputWidth + 1 + (1 << options.hashBits);
    const parameters = { alpha: options.alpha, beta: options.beta, l1: options.l1, l2: options.l2 };
    const models = Object.fromEntries(TASKS.map((t) => [t, new FtrlLogistic(size, parameters)])) as Record<Task, FtrlLogistic>;
    return new FtrlRanker(options, transform, models);
  }

  /** Fits the feature transform on `examples`, then makes `epochs` online passes over them in order. */
  static fit(
    examples: LabelledExamples,
    pins: ReadonlyMap<string, PinKeys>,
    overrides: Partial<FtrlRankerOptions> = {},
    onProgress?: (done: number, total: number) => void,
  ): FtrlRanker {
    const ranker = FtrlRanker.create(FeatureTransform.fit(examples.rows, examples.names), overrides);
    const n = exampleCount(examples);
    const transformed = ranker.transform.apply(examples.rows);
    const total = n * ranker.options.epochs;
    for (let epoch = 0; epoch < ranker.options.epochs; epoch++) {
      for (let i = 0; i < n; i++) {
        const pin = pins.get(examples.pinIds[i]!);
        if (!pin) throw new Error(`ftrl: example ${i} names pin "${examples.pinIds[i]}", which is not in the catalogue`);
        const row = ranker.sparseRow(transformed.subarray(i * ranker.width, (i + 1) * ranker.width), examples.userIds[i]!, pin);
        for (const t of TASKS) ranker.models[t].update(row, examples.labels[t][i]!);
        if (onProgress && (epoch * n + i + 1) % 10_000 === 0) onProgress(epoch * n + i + 1, total);
      }
    }
    onProgress?.(total, total);
    return ranker;
  }

  /** The sparse row of one transformed dense row: dense coordinates, the bias, then one hashed coordinate per cross. */
  private sparseRow(dense: Float32Array, userId: string, pin: PinKeys): { indices: Uint32Array; values: Float32Array } {
    const w = this.width;
    for (let j = 0; j < w; j++) {
      this.indices[j] = j;
      this.values[j] = dense[j]!;
    }
    this.indices[w] = w;
    this.values[w] = 1;
    let length = w + 1;
    for (const cross of this.options.crosses) {
      const key = crossKey(cross, userId, pin);
      if (key === undefined) continue;
      this.indices[length] = w + 1 + (fnv1a(key) & this.mask);
      this.values[length] = 1;
      length++;
    }
    return { indices: this.indices.subarray(0, length), values: this.values.subarray(0, length) };
  }

  /** One online step for every task the example has a label for. */
  update(example: OnlineExample): void {
    const dense = this.transform.apply(example.row);
    if (dense.length !== this.width) throw new Error(`ftrl: update takes one raw feature row, got ${example.row.length} values`);
    const row = this.sparseRow(dense, example.userId, example.pin);
    for (const t of TASKS) {
      const label = example.labels[t];
      if (label === undefined) continue;
      if (label !== 0 && label !== 1) throw new RangeError(`ftrl: labels.${t} must be 0 or 1, got ${label}`);
      this.models[t].update(row, label);
    }
  }

  predict(rows: Float32Array, ids?: RowIds): Predictions {
    const n = rowCount(rows, this.transform.save().names.length);
    if (!ids || ids.userIds.length !== n || ids.pins.length !== n) {
      throw new Error(`ftrl: predict needs the user and pin of each of the ${n} rows (ids), for its hashed features`);
    }
    const dense = this.transform.apply(rows);
    const out = Object.fromEntries(TASKS.map((t) => [t, new Float32Array(n)])) as Predictions;
    for (let i = 0; i < n; i++) {
      const row = this.sparseRow(dense.subarray(i * this.width, (i + 1) * this.width), ids.userIds[i]!, ids.pins[i]!);
      for (const t of TASKS) out[t][i] = this.models[t].predict(row);
    }
    return out;
  }

  /** Non-zero weights per task (L1 keeps most hashed buckets at zero). */
  nonZeroWeights(): Record<Task, number> {
    return Object.fromEntries(TASKS.map((t) => [t, this.models[t].nonZeroWeights()])) as Record<Task, number>;
  }

  save(): FtrlRankerState {
    return {
      kind: 'ftrl',
      options: this.options,
      transform: this.transform.save(),
      models: Object.fromEntries(TASKS.map((t) => [t, this.models[t].save()])) as Record<Task, FtrlState>,
    };
  }

  static load(state: unknown): FtrlRanker {
    const s = state as Partial<FtrlRankerState> | null;
    if (s?.kind !== 'ftrl' || !s.options || !s.transform || !s.models) throw new TypeError('ftrl ranker: saved state is malformed');
    const transform = FeatureTransform.load(s.transform);
    const options = ftrlRankerOptions(s.options);
    const models = Object.fromEntries(TASKS.map((t) => [t, FtrlLogistic.load(s.models![t])])) as Record<Task, FtrlLogistic>;
    const expected = transform.outputWidth + 1 + (1 << options.hashBits);
    for (const t of TASKS) if (models[t].size !== expected) throw new TypeError(`ftrl ranker: saved ${t} model has ${models[t].size} coordinates, expected ${expected}`);
    return new FtrlRanker(options, transform, models);
  }
}
