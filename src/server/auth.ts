/**
 * API keys with two scopes. `ingest+read` may write catalogue and events and
 * read recommendations; `admin` may do everything, including deletes and
 * retraining. With no keys configured the server runs open (demo mode), which
 * start-up allows only on a loopback address.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../config.js';

export type Scope = 'read' | 'ingest' | 'admin';

const GRANTS: Record<ApiKey['scope'], ReadonlySet<Scope>> = {
  'ingest+read': new Set(['read', 'ingest']),
  admin: new Set(['read', 'ingest', 'admin']),
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

/** A preHandler that admits requests whose key grants `scope`. */
export function requireScope(keys: readonly ApiKey[], scope: Scope) {
  const byKey = new Map(keys.map((k) => [k.key, k]));
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (byKey.size === 0) return; // demo mode
    const key = presentedKey(request);
    if (key === undefined) {
      return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'an API key is required (Authorization: Bearer <key>)' });
    }
    const found = byKey.get(key);
    if (!found) return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'unknown API key' });
    if (!GRANTS[found.scope].has(scope)) {
      return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: `this key's scope (${found.scope}) does not allow ${scope}` });
    }
  };
}
