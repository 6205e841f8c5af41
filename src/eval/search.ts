/**
 * Random search over a SearchSpace, maximising an objective, with two kinds
 * of early stopping:
 * - the search stops once `patience` trials in a row bring no improvement;
 * - a trial that reports a curve (one value per epoch) is pruned when its
 *   value at epoch e falls below the reference of the completed trials at e:
 *   their median (as Optuna's MedianPruner) or the best trial's value.
 * Everything drawn comes from the seed, so a search is reproducible.
 */
import { Random } from '../math/random.js';
import type { SearchParam, SearchSpace } from '../recall/search-space.js';
import { InputError } from '../wire/convert.js';

export type ParamValue = string | number | boolean;
export type Params = Record<string, ParamValue>;

export type Pruning = 'median' | 'best' | 'off';
export const PRUNING_RULES: readonly Pruning[] = ['median', 'best', 'off'];

export interface EpochPoint {
  epoch: number;
  /** The objective's value after this epoch. */
  value: number;
  /** Whatever else the trial reported for the epoch (e.g. training loss). */
  extra?: Record<string, number>;
}

export interface Trial {
  /** 1-based, in the order run. */
  number: number;
  params: Params;
  status: 'complete' | 'pruned' | 'failed';
  /** The final value (complete trials only). */
  value?: number;
  curve: EpochPoint[];
  seconds: number;
  /** Why a trial failed, or at which epoch it was pruned. */
  note?: string;
}

export interface SearchOptions {
  /** Trials at most (including `initial` ones). */
  trials: number;
  seed: number;
  /** Stop after this many trials in a row without a new best. Default: never. */
  patience?: number;
  /** Default 'median'. */
  pruning?: Pruning;
  /** Completed trials with a value at an epoch needed before any trial is pruned at that epoch. Default 3. */
  startupTrials?: number;
  /** Epochs up to this one are never pruned. Default 1. */
  warmupEpochs?: number;
  /** Parameter sets to try first, in order (e.g. the current configuration, as a baseline). */
  initial?: readonly Params[];
  onTrial?: (trial: Trial) => void;
}

/** What an objective gets besides the parameters. */
export interface TrialContext {
  /**
   * Records the value after an epoch; throws TrialPruned when the trial
   * should stop (let it propagate out of the objective).
   */
  reportEpoch(epoch: number, value: number, extra?: Record<string, number>): void;
  /** Records a point of the curve without any pruning decision (e.g. the final epoch, scored after fitting). */
  recordEpoch(epoch: number, value: number, extra?: Record<string, number>): void;
}

export type Objective = (params: Params, context: TrialContext) => number | Promise<number>;

export class TrialPruned extends Error {
  constructor(readonly epoch: number) {
    super(`pruned after epoch ${epoch}`);
    this.name = 'TrialPruned';
  }
}

export interface SearchResult {
  best: Trial;
  trials: Trial[];
  /** Why the search ended before `trials`, if it did. */
  stoppedEarly?: string;
}

const SEARCH_KINDS: readonly string[] = ['int', 'float', 'log', 'choice'];

/** A clear error for a malformed space, naming the parameter. */
export function checkSpace(space: SearchSpace): void {
  const names = Object.keys(space);
  if (names.length === 0) throw new InputError('search', 'the search space has no parameters');
  for (const name of names) {
    const p = space[name]!;
    const field = `search.${name}`;
    if (!SEARCH_KINDS.includes(p.kind)) throw new InputError(field, `kind must be one of ${SEARCH_KINDS.join(', ')}, got "${p.kind as string}"`);
    if (p.kind === 'choice') {
      if (!Array.isArray(p.values)) throw new InputError(field, 'a choice needs its values as an array');
      if (p.values.length === 0) throw new InputError(field, 'a choice needs at least one value');
      continue;
    }
    if (!(Number.isFinite(p.min) && Number.isFinite(p.max) && p.min <= p.max)) {
      throw new InputError(field, `needs finite min <= max, got [${p.min}, ${p.max}]`);
    }
    if ((p.kind === 'log' || (p.kind === 'int' && p.log)) && p.min <= 0) throw new InputError(field, `a log scale needs min > 0, got ${p.min}`);
    if (p.kind === 'int' && !(Number.isInteger(p.min) && Number.isInteger(p.max))) {
      throw new InputError(field, `int bounds must be whole numbers, got [${p.min}, ${p.max}]`);
    }
  }
}

/** Rounds to 3 significant digits, so the options found read well in a config file. */
function readable(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(3));
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function sampleParam(p: SearchParam, random: Random): ParamValue {
  switch (p.kind) {
    case 'choice':
      return random.pick(p.values);
    case 'float':
      return clamp(readable(random.range(p.min, p.max)), p.min, p.max);
    case 'log':
      return clamp(readable(Math.exp(random.range(Math.log(p.min), Math.log(p.max)))), p.min, p.max);
    case 'int':
      if (!p.log) return p.min + random.int(p.max - p.min + 1);
      // Log-uniform over [min, max + 1) then floored, so every whole number in range can come up.
      return Math.min(p.max, Math.floor(Math.exp(random.range(Math.log(p.min), Math.log(p.max + 1)))));
  }
}

export function sampleParams(space: SearchSpace, random: Random): Params {
  const out: Params = {};
  for (const [name, p] of Object.entries(space)) out[name] = sampleParam(p, random);
  return out;
}

const keyOf = (params: Params) => JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The value a trial must reach at `epoch` to go on: the median of the
 * completed trials' values at that epoch, or the best completed trial's value
 * there. Undefined (no pruning) until `startupTrials` trials have a value to
 * compare with, or when the best trial never reached the epoch.
 */
function referenceAt(epoch: number, completed: readonly Trial[], rule: Pruning, startupTrials: number): number | undefined {
  if (rule === 'off') return undefined;
  const values: number[] = [];
  for (const t of completed) {
    const point = t.curve.find((p) => p.epoch === epoch);
    if (point) values.push(point.value);
  }
  if (values.length < startupTrials) return undefined;
  if (rule === 'median') return median(values);
  const best = completed.reduce((a, b) => (b.value! > a.value! ? b : a));
  return best.curve.find((p) => p.epoch === epoch)?.value;
}

/** Runs the search; throws when no trial completes (with the first failure's message). */
export async function randomSearch(space: SearchSpace, objective: Objective, options: SearchOptions): Promise<SearchResult> {
  checkSpace(space);
  if (!Number.isInteger(options.trials) || options.trials < 1) throw new InputError('trials', `must be a positive integer, got ${options.trials}`);
  const patience = options.patience ?? Infinity;
  if (!(patience >= 1)) throw new InputError('patience', `must be at least 1, got ${patience}`);
  const rule = options.pruning ?? 'median';
  if (!PRUNING_RULES.includes(rule)) throw new InputError('pruning', `must be one of ${PRUNING_RULES.join(', ')}, got "${rule}"`);
  const startupTrials = options.startupTrials ?? 3;
  const warmupEpochs = options.warmupEpochs ?? 1;
  const random = new Random(options.seed);
  const initial = options.initial ?? [];

  const trials: Trial[] = [];
  const completed: Trial[] = [];
  const tried = new Set<string>();
  let best: Trial | undefined;
  let sinceBest = 0;
  let stoppedEarly: string | undefined;

  const nextParams = (): Params | undefined => {
    if (trials.length < initial.length) return initial[trials.length]!;
    // Spaces of few choices run out: a few redraws, then the search is over.
    for (let attempt = 0; attempt < 50; attempt++) {
      const params = sampleParams(space, random);
      if (!tried.has(keyOf(params))) return params;
    }
    return undefined;
  };

  while (trials.length < options.trials) {
    const params = nextParams();
    if (!params) {
      stoppedEarly = `every parameter set of the space was tried (${trials.length})`;
      break;
    }
    tried.add(keyOf(params));
    const trial: Trial = { number: trials.length + 1, params, status: 'complete', curve: [], seconds: 0 };
    const context: TrialContext = {
      recordEpoch(epoch, value, extra) {
        trial.curve.push(extra ? { epoch, value, extra } : { epoch, value });
      },
      reportEpoch(epoch, value, extra) {
        context.recordEpoch(epoch, value, extra);
        if (epoch <= warmupEpochs) return;
        const reference = referenceAt(epoch, completed, rule, startupTrials);
        if (reference !== undefined && value < reference) throw new TrialPruned(epoch);
      },
    };
    const started = performance.now();
    try {
      const value = await objective(params, context);
      if (!Number.isFinite(value)) throw new Error(`the objective returned ${value}`);
      trial.value = value;
      completed.push(trial);
    } catch (error) {
      if (error instanceof TrialPruned) {
        trial.status = 'pruned';
        trial.note = error.message;
      } else {
        trial.status = 'failed';
        trial.note = (error as Error).message;
      }
    }
    trial.seconds = (performance.now() - started) / 1000;
    trials.push(trial);
    if (trial.status === 'complete' && (best === undefined || trial.value! > best.value!)) {
      best = trial;
      sinceBest = 0;
    } else sinceBest++;
    options.onTrial?.(trial);
    if (best && sinceBest >= patience && trials.length < options.trials) {
      stoppedEarly = `no improvement in ${patience} trials`;
      break;
    }
  }
  if (!best) {
    const failure = trials.find((t) => t.status === 'failed');
    throw new Error(`no trial completed${failure ? `; trial ${failure.number} failed: ${failure.note}` : ''}`);
  }
  return stoppedEarly ? { best, trials, stoppedEarly } : { best, trials };
}
