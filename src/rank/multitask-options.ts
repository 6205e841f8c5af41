/** Options of the multi-task rankers, as a schema with defaults (validated like recall channel options). */
import { Type, type Static } from 'typebox';
import { wireValidator } from '../wire/validate.js';


const Units = (description: string) =>
  Type.Array(Type.Integer({ minimum: 1, maximum: 4096 }), { minItems: 1, maxItems: 8, description });

export const MultiTaskOptions = Type.Object(
  {
    architecture: Type.Union(
      [Type.Literal('shared-bottom'), Type.Literal('mmoe'), Type.Literal('ple')],
      { description: 'shared-bottom (one shared MLP), mmoe (experts mixed by a softmax gate per task) or ple (task-specific and shared experts, CGC levels).' },
    ),
    bottomUnits: Units('shared-bottom: widths of the shared layers.'),
    experts: Type.Integer({ minimum: 1, maximum: 64, description: 'mmoe: number of experts.' }),
    expertUnits: Units('mmoe and ple: widths of the layers of each expert.'),
    sharedExperts: Type.Integer({ minimum: 1, maximum: 64, description: 'ple: shared experts per level.' }),
    taskExperts: Type.Integer({ minimum: 1, maximum: 64, description: 'ple: experts of each task per level.' }),
    levels: Type.Integer({ minimum: 1, maximum: 2, description: 'ple: extraction (CGC) levels.' }),
    towerUnits: Type.Integer({ minimum: 0, maximum: 4096, description: "Width of each task's tower layer; 0 puts the head straight on the mixture." }),
    dropout: Type.Number({ minimum: 0, maximum: 0.9, description: 'Dropout rate after every hidden layer (masks are not seeded: TensorFlow.js draws them).' }),
    l2: Type.Number({ minimum: 0, description: 'L2 penalty on every kernel (kernel regulariser).' }),
    learningRate: Type.Number({ exclusiveMinimum: 0, description: 'Adam step size.' }),
    batchSize: Type.Integer({ minimum: 1, maximum: 65536, description: 'Examples per gradient step.' }),
    epochs: Type.Integer({ minimum: 1, maximum: 1000, description: 'Most passes over the training examples.' }),
    patience: Type.Integer({ minimum: 0, maximum: 1000, description: 'Early stopping: epochs without a better validation loss before stopping (the best weights are kept).' }),
    validationFraction: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 0.9,
      description: 'The latest share of the training examples (by time) held out for early stopping and calibration.',
    }),
    lossWeights: Type.Object(
      {
        closeup: Type.Number({ minimum: 0 }),
        click: Type.Number({ minimum: 0 }),
        save: Type.Number({ minimum: 0 }),
        hide: Type.Number({ minimum: 0 }),
        dwell: Type.Number({ minimum: 0 }),
      },
      { additionalProperties: false, description: "Each head's weight in the training loss; dwell's is lower (a regression on engaged examples only)." },
    ),
    calibration: Type.Union(
      [Type.Literal('platt'), Type.Literal('isotonic'), Type.Literal('none')],
      { description: 'Per-head calibration fitted on the validation examples: platt, isotonic or none.' },
    ),
    seed: Type.Integer({ minimum: 0, description: 'Seed of the weight initialisation and of the example shuffling.' }),
  },
  { additionalProperties: false },
);
export type MultiTaskOptions = Static<typeof MultiTaskOptions>;
export type Architecture = MultiTaskOptions['architecture'];
export const ARCHITECTURES: readonly Architecture[] = ['shared-bottom', 'mmoe', 'ple'];

export const MULTITASK_DEFAULTS: MultiTaskOptions = {
  architecture: 'mmoe',
  bottomUnits: [64, 32],
  experts: 4,
  expertUnits: [32],
  sharedExperts: 2,
  taskExperts: 1,
  levels: 2,
  towerUnits: 16,
  dropout: 0.1,
  l2: 1e-5,
  learningRate: 0.003,
  batchSize: 512,
  epochs: 20,
  patience: 2,
  validationFraction: 0.1,
  lossWeights: { closeup: 1, click: 1, save: 1, hide: 1, dwell: 0.2 },
  calibration: 'platt',
  seed: 42,
};

const validator = wireValidator(MultiTaskOptions);

/** Defaults, then `overrides` (lossWeights merged per head), validated; errors name the bad field. */
export function multiTaskOptions(overrides: Partial<MultiTaskOptions> = {}): MultiTaskOptions {
  const merged = { ...MULTITASK_DEFAULTS, ...overrides, lossWeights: { ...MULTITASK_DEFAULTS.lossWeights, ...overrides.lossWeights } };
  try {
    return validator.parse(merged);
  } catch (error) {
    throw new Error(`ranker options${(error as Error).message}`);
  }
}
