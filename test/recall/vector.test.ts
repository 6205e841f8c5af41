import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { Random } from '../../src/math/random.js';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { POPULAR_DEFAULTS, PopularChannel } from '../../src/recall/popular.js';
import { channelOptions, createChannel } from '../../src/recall/registry.js';
import type { EmbeddingModel, RecallChannel, RecallContext } from '../../src/recall/types.js';
import { VECTOR_DEFAULTS, VectorChannel, type VectorOptions } from '../../src/recall/vector.js';

const CLUSTERS = 4;
const PER_CLUSTER = 60;
const D = 16;
const NOW = Date.UTC(2026, 5, 1);

/**
 * A stand-in for an embedding channel (the real ones, such as iALS, are
 * separate work): pins in planted clusters, each a cluster centre plus noise;
 * a user is the mean of the pins they engaged with.
 */
class ClusteredEmbeddings implements RecallChannel, EmbeddingModel {
  readonly name = 'ials';
  readonly dimensions = D;
  private readonly ids: string[] = [];
  private readonly vectors: Float32Array;

  constructor(seed = 7) {
    const random = new Random(seed);
    const centres = Array.from({ length: CLUSTERS }, () => Array.from({ length: D }, () => random.normal()));
    this.vectors = new Float32Array(CLUSTERS * PER_CLUSTER * D);
    for (let c = 0; c < CLUSTERS; c++) {
      for (let p = 0; p < PER_CLUSTER; p++) {
        const row = this.ids.length;
        this.ids.push(pin(c, p));
        for (let j = 0; j < D; j++) this.vectors[row * D + j] = centres[c]![j]! + 0.3 * random.normal();
      }
    }
  }

  fit(): void {}
  recall(): [] {
    return [];
  }
  save(): unknown {
    return {};
  }
  load(): void {}

  pinEmbeddings(): { ids: readonly string[]; vectors: Float32Array } {
    return { ids: this.ids, vectors: this.vectors };
  }

  userEmbedding(context: RecallContext): Float32Array | undefined {
    const liked = context.history.filter((h) => h.weight > 0).map((h) => this.ids.indexOf(h.pinId));
    if (liked.length === 0) return undefined;
    const out = new Float32Array(D);
    for (const row of liked) for (let j = 0; j < D; j++) out[j]! += this.vectors[row * D + j]! / liked.length;
    return out;
  }
}

const pin = (cluster: number, p: number): string => `c${cluster}-p${p}`;
const clusterOf = (pinId: string): number => Number(/^c(\d+)-/.exec(pinId)![1]);
const data = Interactions.fromRecords([{ userId: 'u', pinId: pin(0, 0), weight: 1, timestamp: NOW }]);

function context(history: string[], exclude: string[] = []): RecallContext {
  return {
    userId: 'u',
    now: NOW,
    history: history.map((pinId, i) => ({ pinId, weight: 1, timestamp: NOW - i * 1000 })),
    exclude: new Set(exclude),
  };
}

async function fitted(options: Partial<VectorOptions> = {}, source: RecallChannel = new ClusteredEmbeddings()): Promise<VectorChannel> {
  const channel = new VectorChannel({ ...VECTOR_DEFAULTS, ...options });
  await channel.fit(data, { now: NOW, fitted: new Map([[source.name, source]]) });
  return channel;
}

const SETUPS: Partial<VectorOptions>[] = [
  { index: 'exact', quantization: 'f32' },
  { index: 'exact', quantization: 'i8' },
  { index: 'usearch', quantization: 'f32' },
  { index: 'usearch', quantization: 'i8' },
  { index: 'hnswlib', quantization: 'f32', metric: 'cosine' },
];

for (const setup of SETUPS) {
  describe(`vector channel over ${setup.index} ${setup.quantization}${setup.metric === 'cosine' ? ' cosine' : ''}`, () => {
    const history = [pin(2, 0), pin(2, 1), pin(2, 2)];
    const exclude = [pin(2, 3), pin(2, 4)];

    test('recalls pins of the user’s cluster, best first, without history or excluded pins', async () => {
      const channel = await fitted(setup);
      const found = channel.recall(context(history, exclude), 20);
      assert.equal(found.length, 20);
      for (const c of found) {
        assert.equal(clusterOf(c.pinId), 2, c.pinId);
        assert.ok(!history.includes(c.pinId) && !exclude.includes(c.pinId), `${c.pinId} should be left out`);
      }
      for (let i = 1; i < found.length; i++) assert.ok(found[i]!.score <= found[i - 1]!.score + 1e-6);
    });

    test('related pins come from the pin’s cluster, never the pin itself', async () => {
      const channel = await fitted(setup);
      const similar = channel.similarItems(pin(1, 5), 10);
      assert.equal(similar.length, 10);
      for (const c of similar) {
        assert.equal(clusterOf(c.pinId), 1);
        assert.notEqual(c.pinId, pin(1, 5));
        assert.equal(c.seedPinId, pin(1, 5));
      }
      assert.deepEqual(channel.similarItems('unknown', 10), []);
    });

    test('saved, encoded, loaded and attached, it answers the same', async () => {
      const source = new ClusteredEmbeddings();
      const channel = await fitted(setup, source);
      const copy = new VectorChannel({ ...VECTOR_DEFAULTS, ...setup });
      copy.load(decodeState(encodeState(channel.save())));
      assert.throws(() => copy.recall(context(history), 5), /not attached to its source channel "ials"; after load\(\), call attach\(\)/);
      copy.attach(new Map([['ials', source]]));
      assert.deepEqual(copy.recall(context(history, exclude), 10), channel.recall(context(history, exclude), 10));
      assert.deepEqual(copy.similarItems(pin(3, 1), 5), channel.similarItems(pin(3, 1), 5));
    });
  });
}

test('a user the source cannot place gets no candidates', async () => {
  const channel = await fitted();
  assert.deepEqual(channel.recall(context([]), 10), []);
});

test('a missing source or one without embeddings is a clear error', async () => {
  const channel = new VectorChannel(VECTOR_DEFAULTS);
  await assert.rejects(async () => channel.fit(data, { now: NOW }), /source channel "ials" is not fitted in this model set; train "ials" before "vector"/);
  await assert.rejects(
    async () => channel.fit(data, { now: NOW, fitted: new Map([['co-engagement', new ClusteredEmbeddings()]]) }),
    /source channel "ials" is not fitted/,
  );
  const popular = new PopularChannel(POPULAR_DEFAULTS);
  await assert.rejects(async () => fitted({ source: 'popular' }, popular), /source channel "popular" is not an embedding model/);
  assert.throws(() => channel.recall(context([pin(0, 0)]), 5), /vector: not fitted/);
});

test('attaching to a source whose pins changed is refused as stale', async () => {
  const channel = await fitted();
  const copy = new VectorChannel(VECTOR_DEFAULTS);
  copy.load(channel.save());
  const other = new ClusteredEmbeddings();
  (other.pinEmbeddings().ids as string[]).reverse();
  assert.throws(() => copy.attach(new Map([['ials', other]])), /the index is stale/);
});

test('the registry creates it from configuration, depending on its source', () => {
  const config = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels: { vector: { source: 'bpr', index: 'hnswlib' } } } } });
  const options = channelOptions('vector', config) as VectorOptions;
  assert.equal(options.index, 'hnswlib');
  assert.equal(options.ef, VECTOR_DEFAULTS.ef);
  assert.deepEqual(createChannel('vector', config).dependsOn, ['bpr']);
  const bad = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels: { vector: { index: 'faiss' } } } } });
  assert.throws(() => channelOptions('vector', bad), /training\.channels\.vector\/index/);
});
