import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import type { Engine } from '../../pipeline/engine.js';
import { InputError } from '../../wire/convert.js';
import { requireScope, type Scope } from '../auth.js';
import type { Metrics } from '../metrics.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RouteDeps {
  engine: Engine;
  config: Config;
  metrics: Metrics;
  /** preHandler for a scope. */
  scope(scope: Scope): ReturnType<typeof requireScope>;
}

/** A body id, when given, must name the same record as the path. */
export function checkPathId(pathId: string, bodyId: string | undefined): void {
  if (bodyId !== undefined && bodyId !== pathId) {
    throw new InputError('/id', `"${bodyId}" does not match the id in the path ("${pathId}")`);
  }
}

export function parseLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (n < 1 || n > 200) throw new InputError('/querystring/limit', 'must be between 1 and 200');
  return n;
}
