/**
 * Group commit: appends that arrive in the same turn of the event loop are
 * written in one transaction, so many concurrent small requests share one
 * durable commit (one fsync) instead of paying for one each. Each caller's
 * batch still succeeds or fails on its own.
 */
export type BatchOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  batch: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<T, R> {
  private queue: Pending<T, R>[] = [];
  private scheduled = false;

  /** `commit` writes all batches in one transaction and reports each batch's outcome in order. */
  constructor(private readonly commit: (batches: T[]) => BatchOutcome<R>[]) {}

  submit(batch: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const pending = this.queue;
    this.queue = [];
    let outcomes: BatchOutcome<R>[];
    try {
      outcomes = this.commit(pending.map((p) => p.batch));
    } catch (error) {
      for (const p of pending) p.reject(error);
      return;
    }
    pending.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }
}
