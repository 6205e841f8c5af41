/** Offline evaluation: metrics, splits, the evaluation loops and reports. */
export * from './metrics.js';
export * from './accumulator.js';
export * from './beyond-accuracy.js';
export * from './splits.js';
export * from './context.js';
export * from './evaluate.js';
export * from './evaluate-sampled.js';
export * from './report.js';
export * from './blend.js';
export * from './demographic-popular.js';
export * from './restrict.js';
