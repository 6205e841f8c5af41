import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engagementProbabilities, positionBias } from '../../src/demo/behaviour.js';
import { countTypes, impressionPositions, smallWorld } from './fixture.js';

test('the funnel narrows: saves < clicks < closeups < impressions; hides, conversions and searches are rare', () => {
  const c = countTypes(smallWorld().events);
  const n = (t: string) => c[t] ?? 0;
  assert.ok(n('save') > 0 && n('save') < n('click'), `saves ${n('save')}, clicks ${n('click')}`);
  assert.ok(n('click') < n('closeup'), `clicks ${n('click')}, closeups ${n('closeup')}`);
  assert.ok(n('closeup') < 0.2 * n('impression'), `closeups ${n('closeup')}, impressions ${n('impression')}`);
  assert.ok(n('dwell') > 0.8 * n('closeup') && n('dwell') <= n('closeup'));
  assert.ok(n('conversion') > 0 && n('conversion') < n('save') / 5);
  assert.ok(n('hide') > 0 && n('hide') < n('closeup'));
  assert.ok(n('search') > 0 && n('search') < 0.01 * n('impression'));
});

test('engagement falls with feed position (position bias)', () => {
  const { events } = smallWorld();
  const positions = impressionPositions(events);
  const shown = new Float64Array(100);
  const opened = new Float64Array(100);
  for (const e of events) {
    if (e.surface !== 'home') continue;
    const p = positions.get(`${e.requestId}/${e.pinId}`);
    if (p === undefined || p >= 100) continue;
    if (e.type === 'impression') shown[p]!++;
    if (e.type === 'closeup') opened[p]!++;
  }
  const rate = (from: number, to: number) => {
    let o = 0;
    let s = 0;
    for (let p = from; p < to; p++) {
      o += opened[p]!;
      s += shown[p]!;
    }
    return o / s;
  };
  const top = rate(0, 5);
  const middle = rate(5, 15);
  const deep = rate(15, 40);
  assert.ok(top > 1.3 * middle && middle > 1.3 * deep, `closeup rate ${top} > ${middle} > ${deep}`);
  assert.ok(positionBias(0) === 1 && positionBias(10) < positionBias(1));
});

test('hides land on pins of low true affinity, saves on high', () => {
  const { events, truth } = smallWorld();
  const mean = (type: string) => {
    let sum = 0;
    let n = 0;
    for (const e of events) {
      if (e.type !== type) continue;
      sum += truth.affinity(e.userId, truth.pins.get(e.pinId!)!.category, e.timestamp);
      n++;
    }
    return sum / n;
  };
  const impressions = mean('impression');
  assert.ok(mean('hide') < 0.5 * impressions, `hides ${mean('hide')} vs impressions ${impressions}`);
  assert.ok(mean('save') > 1.5 * impressions, `saves ${mean('save')} vs impressions ${impressions}`);
});

test("users engage most with their true top categories", () => {
  const { events, truth, users } = smallWorld();
  const mid = (truth.windowStart + truth.windowEnd) / 2;
  const rankOf = new Map(users.map((u) => {
    const ranks = new Array<number>(truth.categories.length);
    truth.topCategories(u.id, mid).forEach((k, r) => (ranks[k] = r));
    return [u.id, ranks];
  }));
  const shown = [0, 0, 0];
  const engaged = [0, 0, 0];
  for (const e of events) {
    if (!e.pinId) continue;
    const rank = rankOf.get(e.userId)![truth.pins.get(e.pinId)!.category]!;
    const bucket = rank === 0 ? 0 : rank < 3 ? 1 : 2;
    if (e.type === 'impression') shown[bucket]!++;
    if (e.type === 'closeup' || e.type === 'save') engaged[bucket]!++;
  }
  const rate = shown.map((s, i) => engaged[i]! / s);
  assert.ok(rate[0]! > 1.2 * rate[1]! && rate[1]! > 2 * rate[2]!, `engagement by interest rank: ${rate.join(', ')}`);
  assert.ok(shown[0]! + shown[1]! > shown[2]! * 0.3, 'the incumbent shows users their interests');
});

test('behaviour follows the drift: late engagement leans to the end interests', () => {
  const { events, truth } = smallWorld();
  const third = (truth.windowEnd - truth.windowStart) / 3;
  const lean = (from: number, to: number) => {
    let sum = 0;
    let n = 0;
    for (const e of events) {
      if ((e.type !== 'closeup' && e.type !== 'save') || e.timestamp < from || e.timestamp >= to) continue;
      const k = truth.pins.get(e.pinId!)!.category;
      sum += truth.interestsEnd.get(e.userId)![k]! - truth.interestsStart.get(e.userId)![k]!;
      n++;
    }
    return sum / n;
  };
  const early = lean(truth.windowStart, truth.windowStart + third);
  const late = lean(truth.windowEnd - third, truth.windowEnd);
  assert.ok(late > early + 0.01, `end-minus-start interest of engaged pins: early ${early}, late ${late}`);
});

test('co-engagement has structure: pins engaged by the same user share a category far above chance', () => {
  const { events, truth } = smallWorld();
  const byUser = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.type !== 'closeup' && e.type !== 'save') continue;
    let pins = byUser.get(e.userId);
    if (!pins) byUser.set(e.userId, (pins = new Set()));
    pins.add(e.pinId!);
  }
  const categoryCounts = new Map<number, number>();
  let total = 0;
  let same = 0;
  let pairs = 0;
  for (const pins of byUser.values()) {
    const list = [...pins].map((p) => truth.pins.get(p)!.category);
    for (const k of list) categoryCounts.set(k, (categoryCounts.get(k) ?? 0) + 1);
    total += list.length;
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++, pairs++) if (list[i] === list[j]) same++;
  }
  let chance = 0;
  for (const n of categoryCounts.values()) chance += (n / total) ** 2;
  assert.ok(same / pairs > 3 * chance, `same-category share ${same / pairs} vs chance ${chance}`);
});

test('the engagement model: more affinity, quality and a higher slot mean more engagement, fewer hides', () => {
  const low = engagementProbabilities(0.01, 0.5, 0.5, 0);
  const high = engagementProbabilities(0.4, 0.5, 0.5, 0);
  assert.ok(high.closeup > 3 * low.closeup);
  assert.ok(high.hide < low.hide / 3);
  assert.ok(high.medianDwellMs > low.medianDwellMs);
  assert.ok(engagementProbabilities(0.4, 0.9, 0.9, 0).closeup > high.closeup);
  assert.ok(engagementProbabilities(0.4, 0.5, 0.5, 20).closeup < high.closeup / 3);
  for (const p of [low, high]) {
    for (const key of ['closeup', 'clickGivenCloseup', 'saveGivenCloseup', 'directSave', 'hide', 'conversionGivenSave'] as const) {
      assert.ok(p[key] >= 0 && p[key] <= 1, key);
    }
    assert.ok(p.saveGivenCloseup < p.clickGivenCloseup);
  }
});
