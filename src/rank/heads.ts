/**
 * What a ranker predicts and the contract the feed pipeline calls. Rows are
 * raw feature rows (src/features/definitions.ts order, NaN = unknown); each
 * ranker owns its fitted feature transform, so serving passes the same rows
 * that training examples hold.
 */
import type { Pin } from '../domain/types.js';
import { TASKS, type Task } from '../features/examples.js';

/** The binary heads (probabilities) and dwell: the expected ln(1 + seconds) of dwell when the user dwells at all. */
export const HEADS = [...TASKS, 'dwell'] as const;
export type Head = (typeof HEADS)[number];
export { TASKS, type Task };

/** Per head, one value per row. Binary heads are probabilities; dwell is ln(1 + seconds). */
export type Predictions = Partial<Record<Head, Float32Array>> & Record<Task, Float32Array>;

/** The pin fields that sparse (hashed) features read. */
export type PinKeys = Pick<Pin, 'id' | 'creatorId' | 'tags'>;

/** Who saw which pin, aligned with the rows; rankers with id features (FTRL) need it. */
export interface RowIds {
  userIds: readonly string[];
  pins: readonly PinKeys[];
}

export interface Ranker {
  readonly name: string;
  /** The heads `predict` fills (the binary tasks always; dwell when the model has that head). */
  readonly heads: readonly Head[];
  predict(rows: Float32Array, ids?: RowIds): Predictions;
}

/** Number of raw rows in `rows`, checking the width. */
export function rowCount(rows: Float32Array, width: number): number {
  if (width <= 0 || rows.length % width !== 0) throw new Error(`feature rows: ${rows.length} values is not a whole number of rows of ${width}`);
  return rows.length / width;
}
