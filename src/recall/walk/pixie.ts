/**
 * Pixie random walks with restarts (Eksombatchai et al., "Pixie: A System
 * for Recommending 3+ Billion Items to 200+ Million Users in Real-Time",
 * WWW 2018), on the user–pin graph: a step goes pin → user → pin, a walk
 * restarts at its query pin with probability `restartProbability` after each
 * step. The step budget is split across query pins in proportion to
 * weight · s_q, with the paper's degree scaling s_q = d · (C − ln d), d the
 * query pin's degree; we take C = 1 + ln(max query degree), so s_q grows with
 * d but sublinearly and never reaches 0. Each query pin's walk stops early
 * once `maxVisitedPins` pins have been visited `visitThreshold` times.
 * Per-query visit counts combine with multi-hit boosting,
 * score(p) = (Σ_q sqrt(count_q(p)))², which favours pins several query pins
 * lead to over pins one query pin visits often.
 */
import { topK } from '../content/top-k.js';
import type { BipartiteGraph } from './graph.js';

export interface WalkOptions {
  /** Steps (pin → user → pin) across all query pins. */
  totalSteps: number;
  restartProbability: number;
  /** Early stopping: n_p in the paper. */
  maxVisitedPins: number;
  /** Early stopping: n_v in the paper. */
  visitThreshold: number;
  earlyStopping: boolean;
}

export interface QueryPin {
  pin: number;
  weight: number;
}

export interface WalkResult {
  /** The best visited pins (up to n, skipped ones left out), best first by boosted score, with the query pin that led there most. */
  pins: Int32Array;
  scores: Float64Array;
  bestQuery: Int32Array;
  /** Steps taken (fewer than the budget when walks stopped early). */
  steps: number;
}

/** Per-pin scratch arrays, reused across walks on the same graph (recall is synchronous). */
export class WalkScratch {
  counts = new Int32Array(0);
  boosted = new Float64Array(0);
  best = new Float64Array(0);
  bestQuery = new Int32Array(0);
  touched = new Int32Array(0);
  all = new Int32Array(0);

  fit(pins: number): void {
    if (this.counts.length >= pins) return;
    const size = Math.max(pins, Math.ceil(this.counts.length * 1.5));
    this.counts = new Int32Array(size);
    this.boosted = new Float64Array(size);
    this.best = new Float64Array(size);
    this.bestQuery = new Int32Array(size);
    this.touched = new Int32Array(size);
    this.all = new Int32Array(size);
  }
}

/** Each query pin's share of `total` steps (0 for pins without edges). */
export function stepBudgets(graph: BipartiteGraph, queries: readonly QueryPin[], total: number): number[] {
  const degrees = queries.map((q) => graph.pinDegree(q.pin));
  const c = 1 + Math.log(Math.max(1, ...degrees));
  const shares = queries.map((q, i) => (degrees[i]! > 0 && q.weight > 0 ? q.weight * degrees[i]! * (c - Math.log(degrees[i]!)) : 0));
  const sum = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => (sum > 0 ? Math.round((total * s) / sum) : 0));
}

export interface WalkRequest {
  queries: readonly QueryPin[];
  random: () => number;
  /** How many pins to return. */
  n: number;
  /** Visited pins never returned (the query pins, the user's history, exclusions). */
  skip?: (pin: number) => boolean;
}

export function pixieWalk(graph: BipartiteGraph, request: WalkRequest, options: WalkOptions, scratch: WalkScratch = new WalkScratch()): WalkResult {
  const { queries, random, skip } = request;
  scratch.fit(graph.pinCount);
  const { counts, boosted, best, bestQuery, touched, all } = scratch;
  const budgets = stepBudgets(graph, queries, options.totalSteps);
  const stopAt = options.earlyStopping ? options.maxVisitedPins : Infinity;
  let allCount = 0;
  let steps = 0;
  queries.forEach((query, q) => {
    const budget = budgets[q]!;
    let taken = 0;
    let high = 0;
    let nTouched = 0;
    while (taken < budget && high < stopAt) {
      const before = taken;
      let pin = query.pin;
      do {
        const user = graph.userOf(pin, random());
        if (user < 0) break;
        const next = graph.pinOf(user, random());
        if (next < 0) break;
        pin = next;
        taken++;
        const c = ++counts[pin]!;
        if (c === 1) touched[nTouched++] = pin;
        if (c === options.visitThreshold) high++;
      } while (taken < budget && high < stopAt && random() >= options.restartProbability);
      // Only a query pin without neighbours cannot move (and its budget is 0); never spin on one.
      if (taken === before) break;
    }
    steps += taken;
    for (let k = 0; k < nTouched; k++) {
      const p = touched[k]!;
      const root = Math.sqrt(counts[p]!);
      counts[p] = 0;
      if (boosted[p] === 0) all[allCount++] = p;
      boosted[p]! += root;
      if (root > best[p]!) {
        best[p] = root;
        bestQuery[p] = query.pin;
      }
    }
  });
  let kept = 0;
  for (let k = 0; k < allCount; k++) if (!skip?.(all[k]!)) touched[kept++] = all[k]!;
  const order = topK(touched, kept, boosted, request.n);
  const result: WalkResult = {
    pins: Int32Array.from(order),
    scores: Float64Array.from(order, (p) => boosted[p]! ** 2),
    bestQuery: Int32Array.from(order, (p) => bestQuery[p]!),
    steps,
  };
  for (let k = 0; k < allCount; k++) {
    boosted[all[k]!] = 0;
    best[all[k]!] = 0;
  }
  return result;
}
