/**
 * The multi-task ranker: a shared-bottom, MMoE or PLE network (see
 * architectures.ts) over transformed features, with heads p(closeup),
 * p(click), p(save), p(hide) and dwell, each binary head calibrated on the
 * validation examples. Training reads labelled examples in time order: the
 * latest `validationFraction` of them (by time) is held out for early
 * stopping and calibration, the feature transform is fitted on the rest.
 */
import { FeatureTransform, type FeatureTransformState } from '../features/transform.js';
import { buildNetwork } from './architectures.js';
import { Calibrator, type CalibratorState } from './calibration.js';
import { baseRates, exampleCount, splitByTime, type LabelledExamples } from './data.js';
import { HEADS, rowCount, TASKS, type Head, type Predictions, type Ranker, type Task } from './heads.js';
import { multiTaskOptions, type MultiTaskOptions } from './multitask-options.js';
import { networkFromJson, networkToJson, type NetworkJson } from './network-json.js';
import { readyTf, type tf } from './tf.js';
import { headLosses, predictRaw, trainNetwork, type EpochReport, type TrainingResult, type TrainingSet } from './training.js';

export { MULTITASK_DEFAULTS, MultiTaskOptions, ARCHITECTURES, type Architecture, multiTaskOptions } from './multitask-options.js';

export interface MultiTaskState {
  kind: 'multitask';
  options: MultiTaskOptions;
  transform: FeatureTransformState;
  calibrators: Record<Task, CalibratorState>;
  network: NetworkJson;
}

export interface MultiTaskFitHooks {
  onStage?: (message: string) => void;
  onEpoch?: (report: EpochReport) => void;
}

export interface MultiTaskFitInfo {
  training: TrainingResult;
  trainExamples: number;
  validationExamples: number;
  /** Validation loss per head of the kept weights. */
  validationLosses: Record<Head, number>;
}

function trainingSet(x: LabelledExamples, transform: FeatureTransform): TrainingSet {
  return { inputs: transform.apply(x.rows), width: transform.outputWidth, labels: x.labels, dwell: x.dwell };
}

export class MultiTaskRanker implements Ranker {
  readonly heads: readonly Head[] = HEADS;

  private constructor(
    readonly options: MultiTaskOptions,
    private readonly transform: FeatureTransform,
    private readonly network: tf.LayersModel,
    private readonly calibrators: Record<Task, Calibrator>,
    /** How training went; absent on a loaded model. */
    readonly fitInfo?: MultiTaskFitInfo,
  ) {}

  get name(): string {
    return this.options.architecture;
  }

  /** Trains on `examples` (time order); options are the defaults overridden by `overrides`, validated. */
  static async fit(examples: LabelledExamples, overrides: Partial<MultiTaskOptions> = {}, hooks: MultiTaskFitHooks = {}): Promise<MultiTaskRanker> {
    const options = multiTaskOptions(overrides);
    await readyTf();
    const { before: train, after: validation } = splitByTime(examples, 1 - options.validationFraction);
    if (exampleCount(train) === 0 || exampleCount(validation) === 0) {
      throw new Error(`ranker: ${exampleCount(examples)} examples leave no training or no validation examples after a time split`);
    }
    hooks.onStage?.(`${options.architecture}: ${exampleCount(train)} training, ${exampleCount(validation)} validation examples`);
    const transform = FeatureTransform.fit(train.rows, train.names);
    const trainSet = trainingSet(train, transform);
    const validationSet = trainingSet(validation, transform);
    const network = buildNetwork(options, transform.outputWidth, baseRates(train));
    const training = await trainNetwork(network, trainSet, validationSet, { ...options }, hooks.onEpoch);
    const raw = predictRaw(network, validationSet.inputs, validationSet.width);
    const calibrators = Object.fromEntries(TASKS.map((t) => [t, Calibrator.fit(options.calibration, raw[t], validation.labels[t])])) as Record<
      Task,
      Calibrator
    >;
    return new MultiTaskRanker(options, transform, network, calibrators, {
      training,
      trainExamples: exampleCount(train),
      validationExamples: exampleCount(validation),
      validationLosses: headLosses(raw, validationSet),
    });
  }

  /** Raw network outputs per head: logits for the binary heads, dwell as predicted. */
  predictRaw(rows: Float32Array): Record<Head, Float32Array> {
    rowCount(rows, this.transform.save().names.length);
    return predictRaw(this.network, this.transform.apply(rows), this.transform.outputWidth);
  }

  predict(rows: Float32Array): Predictions {
    const raw = this.predictRaw(rows);
    const out = { dwell: raw.dwell } as Predictions;
    for (const t of TASKS) out[t] = this.calibrators[t].applyAll(raw[t]);
    return out;
  }

  async save(): Promise<MultiTaskState> {
    return {
      kind: 'multitask',
      options: this.options,
      transform: this.transform.save(),
      calibrators: Object.fromEntries(TASKS.map((t) => [t, this.calibrators[t].save()])) as Record<Task, CalibratorState>,
      network: await networkToJson(this.network),
    };
  }

  static async load(state: unknown): Promise<MultiTaskRanker> {
    const s = state as Partial<MultiTaskState> | null;
    if (s?.kind !== 'multitask' || !s.options || !s.transform || !s.calibrators || !s.network) {
      throw new TypeError('multi-task ranker: saved state is malformed (expected kind "multitask" with options, transform, calibrators, network)');
    }
    const options = multiTaskOptions(s.options);
    await readyTf();
    const calibrators = Object.fromEntries(TASKS.map((t) => [t, Calibrator.load(s.calibrators![t])])) as Record<Task, Calibrator>;
    return new MultiTaskRanker(options, FeatureTransform.load(s.transform), await networkFromJson(s.network), calibrators);
  }

  /** Frees the network's tensors. */
  dispose(): void {
    this.network.dispose();
  }

  /** Trainable parameters of the network. */
  get parameterCount(): number {
    return this.network.countParams();
  }
}
