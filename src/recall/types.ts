/**
 * The recall contract: every candidate source is a channel that is fitted on
 * interactions, recalls candidates for a user, optionally finds pins similar
 * to a pin, and saves/loads its fitted state.
 */
import type { EventType, Pin, User } from '../domain/types.js';
import type { Interactions } from './interactions.js';

/** One thing the user did to a pin, as recall sees it. */
export interface HistoryItem {
  pinId: string;
  /** The event-weighted strength of the interaction; negative means dislike. */
  weight: number;
  timestamp: number;
  /** The strongest thing the user did to the pin (for explanations). */
  action?: EventType;
}

export interface RecallContext {
  userId: string;
  now: number;
  /** The user's interactions, most recent first, one entry per pin. */
  history: readonly HistoryItem[];
  /** Pins that must not be returned (already seen, hidden, ...). */
  exclude: ReadonlySet<string>;
  /** The user's profile (demographics, declared interests), when known: for channels serving new users. */
  user?: User;
}

export interface ChannelCandidate {
  pinId: string;
  score: number;
  /** The pin of the user's that led to this candidate, when there is one. */
  seedPinId?: string;
}

export interface FitOptions {
  /** The time "now" for time-decayed models. */
  now: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Iterative models report each epoch (training curves, early stopping).
   * While it runs, the channel recalls with that epoch's parameters, so the
   * caller can score it on validation data; an error it throws stops fitting
   * and propagates out of `fit` (how hyperparameter search prunes a trial).
   */
  onEpoch?: (epoch: number, metrics: Record<string, number>) => void;
  /** The catalogue, for channels that read pin content (title, description, tags). */
  catalog?: readonly Pin[];
  /** User profiles (demographics, declared interests), for channels that group users by who they are. */
  users?: readonly User[];
  /** Channels already fitted in the same model set, for channels built on others (e.g. vector recall on MF embeddings). */
  fitted?: ReadonlyMap<string, RecallChannel>;
}

/** One interaction as it happens, for channels that learn in real time. */
export interface LiveInteraction {
  userId: string;
  pinId: string;
  weight: number;
  timestamp: number;
}

/** A channel whose pins (and users) live in a vector space. */
export interface EmbeddingModel {
  readonly dimensions: number;
  /** Every pin with an embedding, row i of `vectors` (row-major, `dimensions` wide) belonging to ids[i]. */
  pinEmbeddings(): { ids: readonly string[]; vectors: Float32Array };
  /** The user's embedding from their history, or undefined when the model cannot place them. */
  userEmbedding(context: RecallContext): Float32Array | undefined;
}

export function isEmbeddingModel(channel: RecallChannel): channel is RecallChannel & EmbeddingModel {
  return typeof (channel as Partial<EmbeddingModel>).pinEmbeddings === 'function';
}

export interface RecallChannel {
  readonly name: string;
  fit(data: Interactions, options: FitOptions): void | Promise<void>;
  /** Up to `n` candidates, best first, none of them in `context.exclude`. */
  recall(context: RecallContext, n: number): ChannelCandidate[];
  /** Pins similar to `pinId`, best first; absent when the channel has no notion of it. */
  similarItems?(pinId: string, n: number): ChannelCandidate[];
  /** Fitted state as JSON-compatible data (typed arrays allowed as plain arrays). */
  save(): unknown;
  load(state: unknown): void;
  /** Learns from one new interaction at once (optional: most channels learn only in batch training). */
  observe?(interaction: LiveInteraction): void;
  /** After `load`, re-binds the channel to the channels of its model set it depends on (see `dependsOn`). */
  attach?(loaded: ReadonlyMap<string, RecallChannel>): void;
  /** Channels this one needs fitted first, in the same model set (see FitOptions.fitted). */
  readonly dependsOn?: readonly string[];
}
