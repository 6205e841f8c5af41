/** Every endpoint answers bad input with a 4xx naming the field, and writes nothing. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const goodPin = { id: 'p1', creatorId: 'c1', title: 'Oak table', tags: ['kitchen'] };

describe('bad input', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.request('PUT', '/v1/pins/p1', goodPin);
  });
  after(() => s.close());

  async function expectError(method: string, route: string, body: unknown, status: number, field?: RegExp) {
    const r = await s.request(method, route, body);
    assert.equal(r.status, status, `${method} ${route}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.statusCode, status);
    assert.equal(typeof r.body.message, 'string');
    if (field) assert.match(r.body.field ?? r.body.message, field, JSON.stringify(r.body));
    return r.body;
  }

  async function counts() {
    const store = s.engine.store;
    return [await store.users.count(), await store.pins.count(), await store.creators.count(), await store.events.count()];
  }

  test('PUT /v1/users/:id', async () => {
    const before = await counts();
    await expectError('PUT', '/v1/users/u1', { interests: 'kitchen' }, 400, /\/interests/);
    await expectError('PUT', '/v1/users/u1', { age: 30 }, 400, /\/age/);
    await expectError('PUT', '/v1/users/u1', { id: 'u2' }, 400, /\/id/);
    await expectError('PUT', '/v1/users/u1', { createdAt: 'yesterday' }, 400, /\/createdAt/);
    await expectError('PUT', '/v1/users/u1', '{"country": ', 400);
    await expectError('PUT', '/v1/users/u1', [1, 2], 400);
    assert.deepEqual(await counts(), before);
  });

  test('GET and DELETE of unknown records are 404', async () => {
    await expectError('GET', '/v1/users/nobody', undefined, 404);
    await expectError('DELETE', '/v1/users/nobody', undefined, 404);
    await expectError('GET', '/v1/pins/nothing', undefined, 404);
    await expectError('DELETE', '/v1/pins/nothing', undefined, 404);
    await expectError('GET', '/v1/creators/nobody', undefined, 404);
    await expectError('GET', '/v1/pins/nothing/related', undefined, 404);
    await expectError('GET', '/v1/no/such/route', undefined, 404);
  });

  test('PUT /v1/pins/:id', async () => {
    const before = await counts();
    await expectError('PUT', '/v1/pins/p2', { creatorId: 'c1' }, 400, /\/title/);
    await expectError('PUT', '/v1/pins/p2', { ...goodPin, id: undefined, creatorId: undefined }, 400, /\/creatorId/);
    await expectError('PUT', '/v1/pins/p2', { ...goodPin, id: 'p2', tags: 'kitchen' }, 400, /\/tags/);
    await expectError('PUT', '/v1/pins/p2', { ...goodPin, id: 'p2', title: 42 }, 400, /\/title/);
    await expectError('PUT', '/v1/pins/p2', { ...goodPin, id: 'p2', moderation: 'maybe' }, 400, /\/moderation/);
    await expectError('PUT', '/v1/pins/p2', { ...goodPin, id: 'p2', bid: -1 }, 400, /\/bid/);
    await expectError('PUT', '/v1/pins/p2', { ...goodPin, id: 'p2', color: 'red' }, 400, /\/color/);
    assert.deepEqual(await counts(), before);
  });

  test('PUT /v1/creators/:id', async () => {
    await expectError('PUT', '/v1/creators/c2', { name: 5 }, 400, /\/name/);
    await expectError('PUT', '/v1/creators/c2', { id: 'c3' }, 400, /\/id/);
  });

  test('POST /v1/users and /v1/pins are all or nothing', async () => {
    const before = await counts();
    await expectError('POST', '/v1/users', { users: [{ id: 'ok1' }, { id: '' }] }, 400, /\/users\/1\/id/);
    await expectError('POST', '/v1/users', { users: [] }, 400, /\/users/);
    await expectError('POST', '/v1/users', { people: [] }, 400);
    await expectError('POST', '/v1/users', { users: [{ id: 'ok1' }, { id: 'ok2', createdAt: '2026-13-45T99:00:00Z' }] }, 400, /\/users\/1\/createdAt/);
    await expectError('POST', '/v1/pins', { pins: [{ ...goodPin, id: 'p5' }, { ...goodPin, id: 'p6', tags: [1] }] }, 400, /\/pins\/1\/tags\/0/);
    assert.deepEqual(await counts(), before);
  });

  test('oversize batches are 413 and write nothing', async () => {
    const before = await counts();
    const users = Array.from({ length: 10_001 }, (_, i) => ({ id: `big${i}` }));
    await expectError('POST', '/v1/users', { users }, 413, /\/users/);
    const events = Array.from({ length: 10_001 }, (_, i) => ({ id: `ev${i}`, userId: 'u', pinId: 'p1', type: 'impression' }));
    await expectError('POST', '/v1/events', { events }, 413, /\/events/);
    assert.deepEqual(await counts(), before);
  });

  test('POST /v1/events rejects the whole batch for one bad event', async () => {
    const before = await counts();
    const ok = { id: 'fine', userId: 'u1', pinId: 'p1', type: 'save' };
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', type: 'like' }] }, 400, /\/events\/1\/type/);
    await expectError('POST', '/v1/events', { events: [ok, { id: 'x', userId: 'u1', type: 'save' }] }, 400, /\/events\/1\/pinId/);
    await expectError('POST', '/v1/events', { events: [ok, { id: 'x', userId: 'u1', type: 'search' }] }, 400, /\/events\/1\/query/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', type: 'dwell' }] }, 400, /\/events\/1\/value/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', timestamp: 'now' }] }, 400, /\/events\/1\/timestamp/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', timestamp: '2099-01-01T00:00:00Z' }] }, 400, /\/events\/1\/timestamp/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', userId: undefined }] }, 400, /\/events\/1\/userId/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', surface: 'email' }] }, 400, /\/events\/1\/surface/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', value: 'long' }] }, 400, /\/events\/1\/value/);
    await expectError('POST', '/v1/events', { events: [ok, { ...ok, id: 'x', extra: true }] }, 400, /\/events\/1\/extra/);
    await expectError('POST', '/v1/events', '{"events": [', 400);
    await expectError('POST', '/v1/events', { events: 'all of them' }, 400, /\/events/);
    const wrongType = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(wrongType.status, 415);
    assert.deepEqual(await counts(), before);
  });

  test('GET feed and related reject bad query parameters', async () => {
    await expectError('GET', '/v1/users/u1/feed?limit=0', undefined, 400, /limit/);
    await expectError('GET', '/v1/users/u1/feed?limit=500', undefined, 400, /limit/);
    await expectError('GET', '/v1/users/u1/feed?limit=ten', undefined, 400, /limit/);
    await expectError('GET', '/v1/users/u1/feed?cursor=garbage', undefined, 400, /cursor/);
    await expectError('GET', '/v1/users/u1/feed?colour=red', undefined, 400, /colour/);
    await expectError('GET', '/v1/pins/p1/related?limit=-3', undefined, 400, /limit/);
  });
});

describe('strict events', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ server: { strictEvents: true } });
    await s.request('PUT', '/v1/pins/p1', goodPin);
  });
  after(() => s.close());

  test('events for unknown pins are 422 naming the event, and nothing is written', async () => {
    const r = await s.request('POST', '/v1/events', {
      events: [
        { id: 'a', userId: 'u1', pinId: 'p1', type: 'save' },
        { id: 'b', userId: 'u1', pinId: 'ghost', type: 'save' },
      ],
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.field, '/events/1/pinId');
    assert.equal(await s.engine.store.events.count(), 0);
    const ok = await s.request('POST', '/v1/events', { events: [{ id: 'a', userId: 'u1', pinId: 'p1', type: 'save' }] });
    assert.equal(ok.status, 200);
  });
});
