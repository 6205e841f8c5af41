import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const pin = (id: string, creatorId = 'c1', extra: Record<string, unknown> = {}) => ({
  id,
  creatorId,
  title: `Pin ${id}`,
  description: `About ${id}`,
  tags: ['kitchen', 'wood'],
  imageUrl: `https://img.example/${id}.png`,
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

describe('catalogue and users over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  test('PUT, GET and DELETE a user', async () => {
    const put = await s.request('PUT', '/v1/users/u1', { country: 'FR', ageRange: '25-34', interests: ['kitchen'] });
    assert.equal(put.status, 200);
    assert.equal(put.body.id, 'u1');
    const got = await s.request('GET', '/v1/users/u1');
    assert.deepEqual(got.body, { id: 'u1', createdAt: put.body.createdAt, country: 'FR', ageRange: '25-34', interests: ['kitchen'] });
    assert.equal((await s.request('DELETE', '/v1/users/u1')).status, 204);
    assert.equal((await s.request('GET', '/v1/users/u1')).status, 404);
    assert.equal((await s.request('DELETE', '/v1/users/u1')).status, 404);
  });

  test('PUT, GET and DELETE a pin; its creator appears', async () => {
    const put = await s.request('PUT', '/v1/pins/p1', pin('p1', 'maker'));
    assert.equal(put.status, 200);
    assert.equal(put.body.moderation, 'approved');
    const got = await s.request('GET', '/v1/pins/p1');
    assert.equal(got.body.title, 'Pin p1');
    assert.deepEqual(got.body.tags, ['kitchen', 'wood']);
    assert.equal(got.body.createdAt, '2026-01-01T00:00:00.000Z');
    assert.equal((await s.request('GET', '/v1/creators/maker')).status, 200);
    assert.equal((await s.request('DELETE', '/v1/pins/p1')).status, 204);
    assert.equal((await s.request('GET', '/v1/pins/p1')).status, 404);
  });

  test('PUT and GET a creator', async () => {
    assert.equal((await s.request('PUT', '/v1/creators/c9', { name: 'Nine' })).status, 200);
    assert.equal((await s.request('GET', '/v1/creators/c9')).body.name, 'Nine');
    assert.equal((await s.request('GET', '/v1/creators/nobody')).status, 404);
  });

  test('batch upserts of users and pins', async () => {
    const users = await s.request('POST', '/v1/users', { users: [{ id: 'a' }, { id: 'b', gender: 'f' }] });
    assert.deepEqual(users.body, { upserted: 2 });
    const pins = await s.request('POST', '/v1/pins', { pins: [pin('q1'), pin('q2')] });
    assert.deepEqual(pins.body, { upserted: 2 });
    assert.equal((await s.request('GET', '/v1/pins/q2')).status, 200);
  });

  test('health, readiness, metrics, OpenAPI and docs', async () => {
    assert.equal((await s.request('GET', '/health/live')).status, 200);
    assert.equal((await s.request('GET', '/health/ready')).body.status, 'ready');
    const metrics = await s.request('GET', '/metrics');
    assert.match(metrics.body, /tessera_http_request_duration_seconds_bucket/);
    const openapi = await s.request('GET', '/openapi.json');
    assert.equal(openapi.body.openapi.startsWith('3.'), true);
    assert.ok(openapi.body.paths['/v1/events'].post);
    assert.ok(openapi.body.paths['/v1/users/{id}/feed'].get);
    const docs = await fetch(`${s.url}/docs/`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });
});

describe('events over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.request('POST', '/v1/pins', { pins: [pin('p1'), pin('p2')] });
  });
  after(() => s.close());

  test('a retried batch is not counted twice', async () => {
    const batch = {
      events: [
        { id: 'e1', userId: 'u1', pinId: 'p1', type: 'impression', surface: 'home', position: 4, requestId: 'r1', timestamp: '2026-02-01T10:00:00Z' },
        { id: 'e2', userId: 'u1', pinId: 'p1', type: 'closeup', timestamp: '2026-02-01T10:00:05Z' },
        { id: 'e3', userId: 'u1', pinId: 'p1', type: 'dwell', value: 12000 },
        { id: 'e4', userId: 'u1', query: 'oak table', type: 'search', surface: 'search' },
      ],
    };
    assert.deepEqual((await s.request('POST', '/v1/events', batch)).body, { accepted: 4, inserted: 4, duplicates: 0 });
    assert.deepEqual((await s.request('POST', '/v1/events', batch)).body, { accepted: 4, inserted: 0, duplicates: 4 });
    assert.equal(await s.engine.store.events.count(), 4);
    const stats = await s.request('GET', '/v1/stats');
    assert.equal(stats.body.events.closeup, 1);
  });

  test('events without an id are accepted and given one', async () => {
    const r = await s.request('POST', '/v1/events', { events: [{ userId: 'u2', pinId: 'p2', type: 'save' }] });
    assert.deepEqual(r.body, { accepted: 1, inserted: 1, duplicates: 0 });
  });
});

describe('API keys', () => {
  let s: TestServer;
  const admin = 'admin-key-0123456789';
  const ingest = 'ingest-key-0123456789';
  before(async () => {
    s = await startTestServer({ server: { apiKeys: [{ key: admin, scope: 'admin' }, { key: ingest, scope: 'ingest+read' }] } });
  });
  after(() => s.close());

  test('no key is 401, a wrong key is 401', async () => {
    assert.equal((await s.request('GET', '/v1/users/x')).status, 401);
    assert.equal((await s.request('GET', '/v1/users/x', undefined, { authorization: 'Bearer nope' })).status, 401);
  });

  test('ingest+read may write and read but not delete; admin may delete', async () => {
    const asIngest = { authorization: `Bearer ${ingest}` };
    assert.equal((await s.request('PUT', '/v1/users/x', {}, asIngest)).status, 200);
    assert.equal((await s.request('GET', '/v1/users/x/feed', undefined, { 'x-api-key': ingest })).status, 200);
    assert.equal((await s.request('DELETE', '/v1/users/x', undefined, asIngest)).status, 403);
    assert.equal((await s.request('DELETE', '/v1/users/x', undefined, { authorization: `Bearer ${admin}` })).status, 204);
  });

  test('health stays open', async () => {
    assert.equal((await s.request('GET', '/health/live')).status, 200);
  });
});
