/** Progress reporting for long work, independent of how it is shown (the CLI draws bars). */

export interface Progress {
  /** Advances by `n` units. */
  tick(n?: number): void;
  /** Sets the absolute position. */
  update(value: number): void;
  /** Changes the total when it becomes known or was an estimate. */
  setTotal(total: number): void;
  stop(): void;
}

export type ProgressFactory = (label: string, total: number, unit?: string) => Progress;

export const silentProgress: ProgressFactory = () => ({ tick() {}, update() {}, setTotal() {}, stop() {} });
