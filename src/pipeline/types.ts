/**
 * Pipeline components, named by role as in Twitter's product-mixer: candidate
 * sources recall, filters drop, a pre-ranker cuts the candidates down cheaply,
 * scorers score, rerankers order the final list.
 */
import type { Pin, User } from '../domain/types.js';
import type { Head } from '../rank/heads.js';
import type { HistoryItem } from '../recall/types.js';

/** Why a candidate is here: one entry per channel that recalled it. */
export interface SourceHit {
  channel: string;
  /** The channel's own score. */
  score: number;
  /** 0-based position in that channel's list. */
  rank: number;
  seedPinId?: string;
}

export interface Candidate {
  pinId: string;
  sources: SourceHit[];
  /** Filled by the hydration step; candidates whose pin is gone are dropped there. */
  pin?: Pin;
  score: number;
  /** The ranker's prediction per head (absent when the feed was ranked by channel fusion). */
  predictions?: Partial<Record<Head, number>>;
  reason?: string;
}

export interface FeedContext {
  userId: string;
  now: number;
  history: readonly HistoryItem[];
  /** Pins never to show: saved, hidden, seen recently. */
  exclude: ReadonlySet<string>;
  /** Pins referenced by the context (e.g. seeds), for explanations. */
  pins: Map<string, Pin>;
  /** The user's profile when the store has one (ranking features; cold start reads demographics and declared interests). */
  user?: User;
  /** Creator display names, for explanations ("New from …"). */
  creatorName?: (creatorId: string) => string | undefined;
}

export interface CandidateSource {
  readonly name: string;
  fetch(context: FeedContext): Candidate[];
}

export interface Filter {
  readonly name: string;
  keep(context: FeedContext, candidate: Candidate): boolean;
}

/** Keeps the candidates worth ranking: a cheap cut before the ranker (it need not order them). */
export interface PreRanker {
  readonly name: string;
  select(context: FeedContext, candidates: Candidate[]): Candidate[];
}

export interface Scorer {
  readonly name: string;
  score(context: FeedContext, candidates: Candidate[]): void;
}

export interface Reranker {
  readonly name: string;
  rerank(context: FeedContext, candidates: Candidate[]): Candidate[];
}
