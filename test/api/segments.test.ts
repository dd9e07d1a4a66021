/**
 * Segmentation over HTTP (PRODUCT.md §3): thresholds (validated, audited), the three matrices
 * with missing data counted rather than plotted at 0, scoping, the industry/region summary, and a
 * customer's satisfaction per period with RSL (seed 000: 80 vs 60 → 1.33).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSatisfaction } from '../../src/db/schema.ts';
import { makeAssessment, makeBilling, makeCustomer, makeRun } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

async function makeSatisfaction(
  ctx: TestContext,
  customerId: string,
  period: string,
  values: {
    satisfaction?: number | null;
    competitorSatisfaction?: number | null;
    walletShare?: number | null;
  },
) {
  await ctx.deps.db.insert(customerSatisfaction).values({ customerId, period, enteredBy: 'test', ...values });
}

let ctx: TestContext;
let admin: { authorization: string };
let kam: { authorization: string };
let am1: { authorization: string };
let am2: { authorization: string };

type Matrix = {
  points: { customerId: string; x: number; y: number; quadrant: string }[];
  quadrants: { key: string; count: number; strategy: { zh: string; en: string }; flagged: boolean }[];
  missing: number;
  thresholds: Record<string, number>;
};

const get = (url: string, headers: { authorization: string }) =>
  ctx.app.inject({ method: 'GET', url, headers });
const put = (url: string, headers: { authorization: string }, payload: unknown) =>
  ctx.app.inject({ method: 'PUT', url, headers, payload: payload as Record<string, unknown> });
const matrix = async (query: string, headers = admin): Promise<Matrix> => {
  const res = await get(`/api/v1/segments/matrix?${query}`, headers);
  expect(res.statusCode).toBe(200);
  return res.json();
};
const countOf = (m: Matrix, key: string) => m.quadrants.find((q) => q.key === key)!.count;

// Customers of this file (industry 'T', unused by the demo, region GD-GZ/GD-SZ) and what they have:
let focus: string; // value 85, satisfaction 90 → 重点关注,积极巩固
let winBack: string; // value 82, satisfaction 60, competitor 80 → 积极争取,防止流失; RSL 0.75 flagged
let maintain: string; // value 40, satisfaction 88, competitor 60
let abandon: string; // value 30, satisfaction 50
let noAssessment: string; // satisfaction only → missing
let noSatisfaction: string; // value only → missing
let otherPortfolio: string; // am2's, value 90, satisfaction 95

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-10T02:00:00Z');
  admin = await ctx.auth('admin');
  kam = await ctx.auth('kam');
  am1 = await ctx.auth('am1');
  am2 = await ctx.auth('am2');
});
afterAll(() => ctx.close());

describe('segmentation matrices', () => {
  let before: Matrix;
  beforeAll(async () => {
    before = await matrix('kind=valueSatisfaction');
    const runId = await makeRun(ctx, '2026-03-01');
    const oldRun = await makeRun(ctx, '2025-12-01');
    const make = async (
      total: number | null,
      sat: Parameters<typeof makeSatisfaction>[3] | null,
      am = 'am1',
    ) => {
      const id = await makeCustomer(ctx, { am, industry: 'T', region: am === 'am1' ? 'GD-GZ' : 'GD-SZ' });
      if (total !== null) {
        await makeAssessment(ctx, oldRun, id, '2025-12-01', 10);
        await makeAssessment(ctx, runId, id, '2026-03-01', total);
      }
      if (sat !== null) {
        await makeSatisfaction(ctx, id, '2025-12-01', {
          satisfaction: 5,
          competitorSatisfaction: 90,
          walletShare: 0.01,
        });
        await makeSatisfaction(ctx, id, '2026-03-01', sat);
      }
      return id;
    };
    focus = await make(85, { satisfaction: 90, competitorSatisfaction: 60, walletShare: 0.8 });
    winBack = await make(82, { satisfaction: 60, competitorSatisfaction: 80, walletShare: 0.7 });
    maintain = await make(40, { satisfaction: 88, competitorSatisfaction: 60, walletShare: 0.2 });
    abandon = await make(30, { satisfaction: 50, competitorSatisfaction: 0, walletShare: null });
    noAssessment = await make(null, { satisfaction: 70, competitorSatisfaction: 70, walletShare: 0.4 });
    noSatisfaction = await make(75, null);
    otherPortfolio = await make(
      90,
      { satisfaction: 95, competitorSatisfaction: 70, walletShare: 0.9 },
      'am2',
    );
  });

  it('plots value × satisfaction with the latest assessment and satisfaction, counting missing data', async () => {
    const m = await matrix('kind=valueSatisfaction');
    const q = (id: string) => m.points.find((p) => p.customerId === id);
    expect(q(focus)).toMatchObject({ x: 85, y: 90, quadrant: 'highHigh' });
    expect(q(winBack)).toMatchObject({ x: 82, y: 60, quadrant: 'highLow' });
    expect(q(maintain)).toMatchObject({ quadrant: 'lowHigh' });
    expect(q(abandon)).toMatchObject({ quadrant: 'lowLow' });
    expect(q(noAssessment)).toBeUndefined();
    expect(q(noSatisfaction)).toBeUndefined();
    expect(m.missing - before.missing).toBe(2);
    expect(countOf(m, 'highHigh') - countOf(before, 'highHigh')).toBe(2); // focus + otherPortfolio
    expect(countOf(m, 'highLow') - countOf(before, 'highLow')).toBe(1);
    const strategies = Object.fromEntries(m.quadrants.map((x) => [x.key, x.strategy.zh]));
    expect(strategies).toEqual({
      highHigh: '重点关注,积极巩固',
      highLow: '积极争取,防止流失',
      lowHigh: '积极维持',
      lowLow: '可放弃',
    });
    expect(m.quadrants.find((x) => x.key === 'highLow')!.flagged).toBe(true);
    expect(m.thresholds).toEqual({ valueScore: 60, satisfaction: 80, rsl: 1, walletShare: 0.5 });
  });

  it('computes RSL per customer, flags high value with low RSL, and never plots a 0 competitor', async () => {
    const m = await matrix('kind=valueRsl&industry=T');
    const q = (id: string) => m.points.find((p) => p.customerId === id);
    expect(q(focus)).toMatchObject({ y: 1.5, quadrant: 'highHigh' });
    expect(q(winBack)).toMatchObject({ y: 0.75, quadrant: 'highLow' });
    expect(q(abandon)).toBeUndefined(); // competitor satisfaction 0 → RSL null
    expect(m.quadrants.find((x) => x.key === 'highLow')).toMatchObject({ count: 1, flagged: true });
    expect(m.missing).toBe(3);
  });

  it('plots share of wallet × satisfaction with both low-satisfaction quadrants flagged', async () => {
    const m = await matrix('kind=walletSatisfaction&industry=T');
    expect(m.points.find((p) => p.customerId === winBack)).toMatchObject({ x: 0.7, quadrant: 'highLow' });
    expect(m.points.map((p) => p.customerId)).not.toContain(abandon);
    expect(m.quadrants.filter((x) => x.flagged).map((x) => x.key)).toEqual(['highLow', 'lowLow']);
  });

  it('scopes points: an account manager sees only its own portfolio', async () => {
    const mine = await matrix('kind=valueSatisfaction&industry=T', am1);
    const ids = mine.points.map((p) => p.customerId);
    expect(ids).toEqual(expect.arrayContaining([focus, winBack, maintain, abandon]));
    expect(ids).not.toContain(otherPortfolio);
    const theirs = await matrix('kind=valueSatisfaction&industry=T', am2);
    expect(theirs.points.map((p) => p.customerId)).toEqual([otherPortfolio]);
    expect(theirs.missing).toBe(0);
    const filtered = await matrix('kind=valueSatisfaction&industry=T&regionCode=GD-SZ', admin);
    expect(filtered.points.map((p) => p.customerId)).toEqual([otherPortfolio]);
    const province = await matrix('kind=valueSatisfaction&industry=T&regionCode=GD', admin);
    expect(province.points).toHaveLength(5); // the province filter takes in its cities
    const bad = await get('/api/v1/segments/matrix?kind=valueWallet', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('kind');
    expect((await get('/api/v1/segments/matrix?kind=valueRsl', await ctx.auth('frontdesk'))).statusCode).toBe(
      403,
    );
  });

  it('lists who the matrix counts as missing, with what they lack, scoped and paged', async () => {
    type Missing = { customerId: string; code: string; name: string; tier: string | null; missing: string[] };
    const res = await get('/api/v1/segments/missing?kind=valueSatisfaction&industry=T', am1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-total-count']).toBe('2');
    const rows = res.json() as Missing[];
    const byId = Object.fromEntries(rows.map((r) => [r.customerId, r]));
    expect(byId[noAssessment]).toMatchObject({ tier: '3A', missing: ['valueScore'] });
    expect(byId[noSatisfaction]?.missing).toEqual(['satisfaction']);
    expect(typeof byId[noSatisfaction]?.code).toBe('string');
    expect(rows.map((r) => r.code)).toEqual([...rows.map((r) => r.code)].sort());
    // the count of the matrix and the list agree
    expect((await matrix('kind=valueSatisfaction&industry=T', am1)).missing).toBe(2);

    const rsl = (await get('/api/v1/segments/missing?kind=valueRsl&industry=T', admin)).json() as Missing[];
    expect(rsl.find((r) => r.customerId === abandon)?.missing).toEqual(['competitorSatisfaction']);
    expect(rsl).toHaveLength(3);
    const wallet = (await get('/api/v1/segments/missing?kind=walletSatisfaction&industry=T', admin)).json();
    expect(wallet.find((r: Missing) => r.customerId === abandon)?.missing).toEqual(['walletShare']);

    const page = await get(
      '/api/v1/segments/missing?kind=valueSatisfaction&industry=T&limit=1&offset=1',
      am1,
    );
    expect(page.headers['x-total-count']).toBe('2');
    expect(page.json()).toEqual([rows[1]]);
    // am2 has nothing missing in industry T, and never sees am1's customers
    const theirs = await get('/api/v1/segments/missing?kind=valueSatisfaction&industry=T', am2);
    expect(theirs.json()).toEqual([]);
    const bad = await get('/api/v1/segments/missing?kind=nope', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('kind');
    expect(
      (await get('/api/v1/segments/missing?kind=valueRsl', await ctx.auth('frontdesk'))).statusCode,
    ).toBe(403);
  });

  it('summarises by industry and by region', async () => {
    await makeBilling(ctx, focus, ['2026-01-01', '2026-02-01'], 1_000_000);
    await makeBilling(ctx, winBack, ['2025-03-01'], 7_000_000); // outside the trailing 12 months
    const res = await get('/api/v1/segments/summary?by=industry&industry=T', admin);
    expect(res.statusCode).toBe(200);
    const [group] = res.json().groups;
    expect(group).toMatchObject({
      key: 'T',
      customers: 7,
      revenue12mFen: 2_000_000,
      tiers: { '3A': 7 },
      quadrants: { highHigh: 2, highLow: 1, lowHigh: 1, lowLow: 1, missing: 2 },
    });
    expect(group.avgTotal).toBeCloseTo((85 + 82 + 40 + 30 + 75 + 90) / 6, 1);
    expect(res.json()).toMatchObject({ fromMonth: '2025-04-01', toMonth: '2026-03-01' });
    const byRegion = await get('/api/v1/segments/summary?by=region&industry=T', am1);
    expect(byRegion.json().groups.map((g: { key: string }) => g.key)).toEqual(['GD-GZ']);
  });

  it('reclassifies with new thresholds', async () => {
    const res = await put('/api/v1/segments/settings', kam, {
      valueScore: 35,
      satisfaction: 80,
      rsl: 1,
      walletShare: 0.5,
    });
    expect(res.statusCode).toBe(200);
    const m = await matrix('kind=valueSatisfaction&industry=T');
    expect(m.points.find((p) => p.customerId === maintain)!.quadrant).toBe('highHigh');
    expect(m.points.find((p) => p.customerId === abandon)!.quadrant).toBe('lowLow');
    await put('/api/v1/segments/settings', admin, {
      valueScore: 60,
      satisfaction: 80,
      rsl: 1,
      walletShare: 0.5,
    });
  });
});

describe('segmentation settings', () => {
  it('validates each threshold, naming the field', async () => {
    const res = await put('/api/v1/segments/settings', admin, {
      valueScore: 120,
      satisfaction: 80,
      rsl: 0,
      walletShare: 1.5,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'valueScore',
      'rsl',
      'walletShare',
    ]);
    const extra = await put('/api/v1/segments/settings', admin, {
      valueScore: 60,
      satisfaction: 80,
      rsl: 1,
      walletShare: 0.5,
      x: 1,
    });
    expect(extra.statusCode).toBe(400);
    expect(
      (
        await put('/api/v1/segments/settings', am1, {
          valueScore: 60,
          satisfaction: 80,
          rsl: 1,
          walletShare: 0.5,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('stores thresholds in app_meta, audited', async () => {
    const res = await put('/api/v1/segments/settings', admin, {
      valueScore: 65,
      satisfaction: 75,
      rsl: 1.1,
      walletShare: 0.4,
    });
    expect(res.statusCode).toBe(200);
    expect((await get('/api/v1/segments/settings', await ctx.auth('analyst'))).json()).toEqual({
      valueScore: 65,
      satisfaction: 75,
      rsl: 1.1,
      walletShare: 0.4,
    });
    const audit = await get('/api/v1/audit?entity=segmentSettings', await ctx.auth('auditor'));
    expect(audit.json()[0]).toMatchObject({
      action: 'update',
      actorName: 'admin',
      after: { valueScore: 65 },
    });
    await put('/api/v1/segments/settings', admin, {
      valueScore: 60,
      satisfaction: 80,
      rsl: 1,
      walletShare: 0.5,
    });
  });
});

describe('customer satisfaction per period', () => {
  it('stores values with RSL, keeps fields left out, and is audited', async () => {
    const id = await makeCustomer(ctx, { am: 'am1' });
    const url = `/api/v1/customers/${id}/satisfaction`;
    const first = await put(url, am1, { period: '2026-02-01', satisfaction: 80, competitorSatisfaction: 60 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      period: '2026-02-01',
      satisfaction: 80,
      competitorSatisfaction: 60,
      rsl: 1.33,
      walletShare: null,
      enteredBy: 'am1',
    });
    const second = await put(url, kam, { period: '2026-02-01', walletShare: 0.35 });
    expect(second.json()).toMatchObject({ satisfaction: 80, walletShare: 0.35, rsl: 1.33 });
    await put(url, am1, { period: '2026-03-01', satisfaction: 70, competitorSatisfaction: 0 });
    const list = await get(url, am1);
    expect(list.json().map((r: { period: string; rsl: number | null }) => [r.period, r.rsl])).toEqual([
      ['2026-03-01', null],
      ['2026-02-01', 1.33],
    ]);
    const audit = await get(
      `/api/v1/audit?entity=customerSatisfaction&entityId=${id}:2026-02-01`,
      await ctx.auth('auditor'),
    );
    expect(audit.json().map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(audit.json()[0].before.walletShare).toBeNull();
    expect(audit.json()[0].after.walletShare).toBe(0.35);
  });

  it.each([
    [{ period: '2026-02-15', satisfaction: 80 }, 'period'],
    [{ period: '2026-13-01', satisfaction: 80 }, 'period'],
    [{ period: '2026-02-01', satisfaction: 101 }, 'satisfaction'],
    [{ period: '2026-02-01', competitorSatisfaction: -1 }, 'competitorSatisfaction'],
    [{ period: '2026-02-01', walletShare: 1.2 }, 'walletShare'],
    [{ period: '2026-02-01' }, 'satisfaction'],
  ])('refuses %o naming %s', async (payload, field) => {
    const id = await makeCustomer(ctx, { am: 'am1' });
    const res = await put(`/api/v1/customers/${id}/satisfaction`, am1, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('hides another portfolio (404) and refuses read-only roles (403)', async () => {
    const id = await makeCustomer(ctx, { am: 'am1' });
    const url = `/api/v1/customers/${id}/satisfaction`;
    expect((await get(url, am2)).statusCode).toBe(404);
    expect((await put(url, am2, { period: '2026-02-01', satisfaction: 80 })).statusCode).toBe(404);
    expect(
      (await put(url, await ctx.auth('analyst'), { period: '2026-02-01', satisfaction: 80 })).statusCode,
    ).toBe(403);
    expect((await get(url, await ctx.auth('analyst'))).statusCode).toBe(200);
  });
});
