/**
 * Hyperparameter search spaces: each recall channel declares the options
 * worth tuning and the ranges to draw them from (see registry.ts). The
 * search itself lives in src/eval/search.ts.
 */

export type SearchParam =
  /** A whole number in [min, max]; `log` draws it log-uniformly (for counts spanning decades, like neighbours). */
  | { kind: 'int'; min: number; max: number; log?: boolean }
  /** A number uniform in [min, max]. */
  | { kind: 'float'; min: number; max: number }
  /** A number log-uniform in [min, max], min > 0 (for regularisation, learning rates, half-lives). */
  | { kind: 'log'; min: number; max: number }
  /** One of the values, each equally likely. */
  | { kind: 'choice'; values: readonly (string | number | boolean)[] };

/** Option name → how to draw it. */
export type SearchSpace = Readonly<Record<string, SearchParam>>;
