/**
 * The tier workflow over HTTP (PRODUCT.md §2 "Tiers"): proposals listed in scope, approval that
 * updates the customer + history + audit, rejection with a reason, double approval, concurrent
 * approval, overrides and the four-eyes rule, bulk approval (all or nothing), loss equivalence.
 * Proposals are inserted directly, as an assessment run would.
 */

import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingMonthly, customers, tierProposals } from '../../src/db/schema.ts';
import { makeAssessment, makeBilling, makeCustomer, makeRun, userId } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

const snapshotOf = (total: number) => ({
  total,
  currentValue: total - 2,
  directValue: total - 5,
  addedValue: total - 8,
  potentialValue: total + 1,
  loyalty: 70,
  influence: 60,
  scores: { avgMonthlyRevenue: { raw: 5_070_000, score: 95 } },
  missing: ['reciprocity'],
  asOf: '2026-03-01',
});

async function makeProposal(
  ctx: TestContext,
  customerId: string,
  opts: {
    kind?: string;
    toTier?: string;
    fromTier?: string | null;
    score?: number;
    requestedBy?: string;
  } = {},
): Promise<string> {
  const toTier = opts.toTier ?? '4A';
  const score = opts.score ?? 76.5;
  const [row] = await ctx.deps.db
    .insert(tierProposals)
    .values({
      customerId,
      kind: opts.kind ?? 'upgrade',
      fromTier: opts.fromTier === undefined ? '3A' : opts.fromTier,
      toTier,
      fromStars: 3,
      toStars: Number(toTier[0]),
      score,
      modelVersion: 900,
      snapshot: snapshotOf(score),
      reason: `评估总分 ${score} ≥ ${toTier} 切分点`,
      requestedBy: opts.requestedBy ?? 'system:assessment',
    })
    .returning({ id: tierProposals.id });
  return row!.id;
}

let ctx: TestContext;
let admin: { authorization: string };
let kam: { authorization: string };
let am1: { authorization: string };
let am2: { authorization: string };
let kamGx: { authorization: string };

const TODAY = '2026-03-10';

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
  admin = await ctx.auth('admin');
  kam = await ctx.auth('kam');
  am1 = await ctx.auth('am1');
  am2 = await ctx.auth('am2');
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: {
      username: 'kamgx',
      displayName: '广西经理',
      role: 'kam_manager',
      regionCode: 'GX',
      password: 'demo1234',
    },
  });
  expect(created.statusCode).toBe(201);
  kamGx = await ctx.auth('kamgx');
});
afterAll(() => ctx.close());

const post = (url: string, headers: { authorization: string }, payload: unknown = {}) =>
  ctx.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
const get = (url: string, headers: { authorization: string }) =>
  ctx.app.inject({ method: 'GET', url, headers });

describe('tier proposals', () => {
  it('lists proposals in scope with the customer, score, model version and snapshot', async () => {
    const own = await makeCustomer(ctx, { am: 'am1' });
    const other = await makeCustomer(ctx, { am: 'am2', region: 'GD-SZ' });
    const p1 = await makeProposal(ctx, own);
    const p2 = await makeProposal(ctx, other, { kind: 'downgrade', toTier: '2A' });

    const all = await get(`/api/v1/tier-proposals?status=pending&customerId=${own}`, admin);
    expect(all.statusCode).toBe(200);
    expect(all.json().map((p: { id: string }) => p.id)).toEqual([p1]);
    expect(all.headers['x-total-count']).toBe('1');
    const province = await get(`/api/v1/tier-proposals?regionCode=GD&customerId=${own}`, admin);
    expect(province.json().map((p: { id: string }) => p.id)).toEqual([p1]);
    expect((await get(`/api/v1/tier-proposals?regionCode=GX&customerId=${own}`, admin)).json()).toEqual([]);
    const row = all.json().find((p: { id: string }) => p.id === p1);
    expect(row).toMatchObject({
      customerId: own,
      regionCode: 'GD-GZ',
      currentTier: '3A',
      kind: 'upgrade',
      fromTier: '3A',
      toTier: '4A',
      score: 76.5,
      modelVersion: 900,
      status: 'pending',
    });
    expect(row.customerName).toMatch(/测试客户/);
    expect(row.snapshot.total).toBe(76.5);

    expect((await get(`/api/v1/tier-proposals?customerId=${own}`, am1)).json()).toHaveLength(1);
    expect((await get(`/api/v1/tier-proposals?customerId=${other}`, am1)).json()).toEqual([]);
    const am1Ids = await userId(ctx, 'am1');
    const mine = await get(`/api/v1/tier-proposals?limit=200`, am1);
    const owners = await ctx.deps.db
      .select({ am: customers.accountManagerId })
      .from(customers)
      .where(
        inArray(
          customers.id,
          mine.json().map((p: { customerId: string }) => p.customerId),
        ),
      );
    expect(owners.every((o) => o.am === am1Ids)).toBe(true);
    const kinds = await get(`/api/v1/tier-proposals?kind=downgrade&customerId=${other}`, admin);
    expect(kinds.json().map((p: { id: string }) => p.id)).toEqual([p2]);
    const gx = (await get(`/api/v1/tier-proposals?limit=200`, kamGx)).json();
    expect(gx.every((p: { regionCode: string }) => p.regionCode.startsWith('GX'))).toBe(true);
    expect((await get(`/api/v1/tier-proposals?customerId=${own}`, kamGx)).json()).toEqual([]);
    expect((await get(`/api/v1/tier-proposals`, await ctx.auth('analyst'))).statusCode).toBe(200);
    expect((await get(`/api/v1/tier-proposals`, await ctx.auth('frontdesk'))).statusCode).toBe(403);
    expect((await get(`/api/v1/tier-proposals/${p2}`, am1)).statusCode).toBe(404);
  });

  it('filters by customer (name or code), proposed tier or class, kind and account manager, within scope', async () => {
    const a = await makeCustomer(ctx, { am: 'am1' });
    const b = await makeCustomer(ctx, { am: 'am2', region: 'GD-SZ' });
    const gx = await makeCustomer(ctx, { am: 'am1', region: 'GX-NN' });
    await ctx.deps.db.update(customers).set({ name: '佛山滤镜%科技' }).where(eq(customers.id, a));
    const pa = await makeProposal(ctx, a, { toTier: '5A', score: 88 });
    const pb = await makeProposal(ctx, b, { kind: 'downgrade', toTier: '2A', score: 40 });
    const pgx = await makeProposal(ctx, gx, { toTier: '5A', score: 90 });
    const [classRow] = await ctx.deps.db
      .insert(tierProposals)
      .values({
        customerId: b,
        kind: 'initial',
        toGroupClass: 'B',
        score: 55,
        snapshot: snapshotOf(55),
        reason: 'B 类',
        requestedBy: 'system:assessment',
        status: 'approved',
      })
      .returning({ id: tierProposals.id });
    const [codeA] = await ctx.deps.db
      .select({ code: customers.code })
      .from(customers)
      .where(eq(customers.id, a));
    const ids = async (query: string, who = admin) => {
      const res = await get(`/api/v1/tier-proposals?limit=200&${query}`, who);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().map((p: { id: string }) => p.id) as string[];
    };
    // name substring (a LIKE wildcard is matched literally), code prefix in any case
    expect(await ids(`q=${encodeURIComponent('滤镜%')}`)).toEqual([pa]);
    expect(await ids(`q=${encodeURIComponent('滤镜_')}`)).toEqual([]);
    expect(await ids(`q=${codeA!.code.toLowerCase()}`)).toEqual([pa]);
    // proposed tier and kind
    const fiveA = await ids('toTier=5A');
    expect(fiveA).toEqual(expect.arrayContaining([pa, pgx]));
    expect(fiveA).not.toContain(pb);
    expect(await ids(`toTier=2A&kind=downgrade&customerId=${b}`)).toEqual([pb]);
    expect(await ids(`toTier=2A&kind=upgrade&customerId=${b}`)).toEqual([]);
    expect(await ids(`status=approved&toGroupClass=B&customerId=${b}`)).toEqual([classRow!.id]);
    // account manager (the customer's current one), still within the caller's scope
    const am1Id = await userId(ctx, 'am1');
    const byAm = await ids(`accountManagerId=${am1Id}&toTier=5A`);
    expect(byAm).toEqual(expect.arrayContaining([pa, pgx]));
    expect(await ids(`accountManagerId=${am1Id}&toTier=5A`, kam)).toContain(pa);
    expect(await ids(`accountManagerId=${am1Id}&toTier=5A`, kam)).not.toContain(pgx); // GX is not kam's
    expect(await ids(`accountManagerId=${am1Id}`, am2)).toEqual([]);
    const bad = await get('/api/v1/tier-proposals?toTier=6A&accountManagerId=x', admin);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['accountManagerId', 'toTier']);
  });

  it('approves an upgrade: customer tier, stars, effective date, version, history and audit', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const id = await makeProposal(ctx, customerId, { toTier: '4A', score: 78.2 });
    const before = await get(`/api/v1/customers/${customerId}/tier-history`, am1);
    expect(before.json()).toEqual([]);

    const res = await post(`/api/v1/tier-proposals/${id}/approve`, kam, { reason: '同意升级' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'approved',
      decidedBy: 'kam',
      effectiveDate: TODAY,
      currentTier: '4A',
    });

    const [customer] = await ctx.deps.db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer).toMatchObject({ tier: '4A', stars: 4, tierEffectiveDate: TODAY, version: 2 });

    const history = await get(`/api/v1/customers/${customerId}/tier-history`, am1);
    expect(history.statusCode).toBe(200);
    expect(history.json()).toHaveLength(1);
    expect(history.json()[0]).toMatchObject({
      proposalId: id,
      fromTier: '3A',
      toTier: '4A',
      fromStars: 3,
      toStars: 4,
      effectiveDate: TODAY,
      modelVersion: 900,
      score: 78.2,
      approvedBy: 'kam',
    });
    expect(history.json()[0].reason).toContain('同意升级');
    expect(history.json()[0].snapshot.total).toBe(78.2);
    expect(history.json()[0].approverName).toBeTruthy();

    const auditor = await ctx.auth('auditor');
    const customerAudit = await get(`/api/v1/audit?entity=customer&entityId=${customerId}`, auditor);
    const change = customerAudit.json().find((e: { action: string }) => e.action === 'tier-change');
    expect(change.before).toMatchObject({ tier: '3A', stars: 3 });
    expect(change.after).toMatchObject({ tier: '4A', stars: 4, tierEffectiveDate: TODAY });
    expect(change.reason).toContain('同意升级');
    const proposalAudit = await get(`/api/v1/audit?entity=tierProposal&entityId=${id}`, auditor);
    expect(proposalAudit.json()[0]).toMatchObject({ action: 'approve', actorName: 'kam' });
  });

  it('answers 409 PROPOSAL_DECIDED to a second approval', async () => {
    const id = await makeProposal(ctx, await makeCustomer(ctx, { am: 'am1' }));
    expect((await post(`/api/v1/tier-proposals/${id}/approve`, kam)).statusCode).toBe(200);
    const again = await post(`/api/v1/tier-proposals/${id}/approve`, admin);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PROPOSAL_DECIDED');
    const reject = await post(`/api/v1/tier-proposals/${id}/reject`, admin, { reason: '晚了' });
    expect(reject.json().code).toBe('PROPOSAL_DECIDED');
  });

  it('lets exactly one of two simultaneous approvals succeed', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const id = await makeProposal(ctx, customerId, { toTier: '5A' });
    const results = await Promise.all([
      post(`/api/v1/tier-proposals/${id}/approve`, kam),
      post(`/api/v1/tier-proposals/${id}/approve`, admin),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const history = await get(`/api/v1/customers/${customerId}/tier-history`, admin);
    expect(history.json()).toHaveLength(1);
    const [customer] = await ctx.deps.db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer).toMatchObject({ tier: '5A', stars: 5, version: 2 });
  });

  it('requires a reason to reject', async () => {
    const id = await makeProposal(ctx, await makeCustomer(ctx, { am: 'am1' }), {
      kind: 'downgrade',
      toTier: '2A',
    });
    for (const payload of [{}, { reason: '   ' }]) {
      const res = await post(`/api/v1/tier-proposals/${id}/reject`, kam, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('reason');
    }
    const ok = await post(`/api/v1/tier-proposals/${id}/reject`, kam, { reason: '客户正在扩容,暂缓降级' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'rejected',
      decisionReason: '客户正在扩容,暂缓降级',
      currentTier: '3A',
    });
  });

  it('takes effect on approval: refuses a past or future effective date, nothing written', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const id = await makeProposal(ctx, customerId);
    const [before] = await ctx.deps.db.select().from(customers).where(eq(customers.id, customerId));
    for (const effectiveDate of ['2026-03-09', '2026-04-01']) {
      const refused = await post(`/api/v1/tier-proposals/${id}/approve`, kam, { effectiveDate });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'effectiveDate' }],
      });
    }
    // a refused approval changed nothing: the customer keeps its tier, the proposal stays pending
    const [unchanged] = await ctx.deps.db.select().from(customers).where(eq(customers.id, customerId));
    expect(unchanged).toMatchObject({ tier: before!.tier, stars: before!.stars, version: before!.version });
    const today = await post(`/api/v1/tier-proposals/${id}/approve`, kam, { effectiveDate: TODAY });
    expect(today.statusCode).toBe(200);
    expect(today.json()).toMatchObject({ status: 'approved', effectiveDate: TODAY });
    const [customer] = await ctx.deps.db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer!.tierEffectiveDate).toBe(TODAY);
  });

  it('hides proposals of another region (404) and refuses account managers (403)', async () => {
    const id = await makeProposal(ctx, await makeCustomer(ctx, { am: 'am1' }));
    const gx = await post(`/api/v1/tier-proposals/${id}/approve`, kamGx);
    expect(gx.statusCode).toBe(404);
    expect((await post(`/api/v1/tier-proposals/${id}/reject`, kamGx, { reason: 'x' })).statusCode).toBe(404);
    expect((await post(`/api/v1/tier-proposals/${id}/approve`, am1)).statusCode).toBe(403);
    const missing = await post(`/api/v1/tier-proposals/00000000-0000-4000-8000-000000000000/approve`, kam);
    expect(missing.statusCode).toBe(404);
  });
});

describe('manual override', () => {
  it.each([
    [{ toTier: '6A', reason: '客户要求' }, 'toTier'],
    [{ toStars: 6, reason: '客户要求' }, 'toStars'],
    [{ toStars: 0, reason: '客户要求' }, 'toStars'],
    [{ toTier: '4A' }, 'reason'],
    [{ toTier: '4A', reason: ' ' }, 'reason'],
    [{ reason: '没有目标' }, 'toTier'],
    [{ toTier: '3A', reason: '没有变化' }, 'toTier'],
  ])('refuses %o naming %s', async (payload, field) => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const res = await post(`/api/v1/customers/${customerId}/tier-override`, am1, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('creates a pending override that supersedes the older one and needs another approver', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const older = await makeProposal(ctx, customerId, { kind: 'downgrade', toTier: '2A' });

    expect(
      (await post(`/api/v1/customers/${customerId}/tier-override`, am2, { toTier: '5A', reason: 'x' }))
        .statusCode,
    ).toBe(404);

    const res = await post(`/api/v1/customers/${customerId}/tier-override`, kam, {
      toTier: '5A',
      reason: '省重点战略客户,签订三年框架协议',
    });
    expect(res.statusCode).toBe(201);
    const override = res.json();
    expect(override).toMatchObject({
      kind: 'override',
      status: 'pending',
      fromTier: '3A',
      toTier: '5A',
      toStars: 5,
      requestedBy: 'kam',
      reason: '省重点战略客户,签订三年框架协议',
    });
    const list = await get(`/api/v1/tier-proposals?customerId=${customerId}&limit=200`, admin);
    expect(list.json().find((p: { id: string }) => p.id === older).status).toBe('superseded');

    const self = await post(`/api/v1/tier-proposals/${override.id}/approve`, kam);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('FORBIDDEN');
    expect(self.json().detail).toMatch(/another kam_manager or an admin/);

    const ok = await post(`/api/v1/tier-proposals/${override.id}/approve`, admin, { reason: '同意' });
    expect(ok.statusCode).toBe(200);
    const [customer] = await ctx.deps.db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer).toMatchObject({ tier: '5A', stars: 5 });
  });

  it('lets the owning account manager request stars only, with the latest assessment as snapshot', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const runId = await makeRun(ctx, '2026-03-01');
    await makeAssessment(ctx, runId, customerId, '2026-03-01', 64.5);
    const res = await post(`/api/v1/customers/${customerId}/tier-override`, am1, {
      toStars: 4,
      reason: '服务升星',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ toTier: '3A', toStars: 4, score: 64.5, modelVersion: 900 });
    expect(res.json().snapshot.total).toBe(64.5);
    expect((await post(`/api/v1/tier-proposals/${res.json().id}/approve`, kam)).statusCode).toBe(200);
  });
});

describe('bulk approval (all or nothing)', () => {
  it('approves nothing when one id cannot be approved, listing it; then approves all', async () => {
    const a = await makeProposal(ctx, await makeCustomer(ctx, { am: 'am1' }));
    const b = await makeProposal(ctx, await makeCustomer(ctx, { am: 'am1' }), {
      kind: 'initial',
      fromTier: null,
      toTier: '2A',
    });
    const decided = await makeProposal(ctx, await makeCustomer(ctx, { am: 'am1' }));
    expect(
      (await post(`/api/v1/tier-proposals/${decided}/reject`, kam, { reason: '不同意' })).statusCode,
    ).toBe(200);

    const bad = await post(`/api/v1/tier-proposals/bulk-approve`, kam, { ids: [a, decided, b] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'ids[1]', message: expect.stringContaining('PROPOSAL_DECIDED') },
    ]);
    const still = await get(`/api/v1/tier-proposals/${a}`, kam);
    expect(still.json().status).toBe('pending');

    const ok = await post(`/api/v1/tier-proposals/bulk-approve`, kam, {
      ids: [a, b],
      reason: '月度评审通过',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().approved).toBe(2);
    expect(ok.json().proposals.map((p: { status: string }) => p.status)).toEqual(['approved', 'approved']);
    const initial = ok.json().proposals.find((p: { id: string }) => p.id === b);
    expect(initial).toMatchObject({ currentTier: '2A', currentStars: 2, effectiveDate: TODAY });
    expect((await post(`/api/v1/tier-proposals/bulk-approve`, kam, { ids: [] })).statusCode).toBe(400);
  });
});

describe('loss equivalence (seed 001: one key account ≈ 79 commercial ≈ 338 public customers)', () => {
  it('reproduces the seed with the default settings over the trailing 12 months', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const months = Array.from({ length: 12 }, (_, i) => {
      const index = 2025 * 12 + 3 + i; // 2025-04 … 2026-03
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
    });
    await makeBilling(ctx, customerId, [...months, '2025-03-01'], 5_070_000);
    await ctx.deps.db
      .update(billingMonthly)
      .set({ revenueFen: 99_999_999 })
      .where(and(eq(billingMonthly.customerId, customerId), eq(billingMonthly.month, '2025-03-01')));
    const res = await get(`/api/v1/customers/${customerId}/loss-equivalence`, am1);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      avgMonthlyRevenueFen: 5_070_000,
      commercialEquivalent: 79,
      publicEquivalent: 338,
      commercialAvgFen: 64_177,
      publicAvgFen: 15_000,
      months: 12,
      fromMonth: '2025-04-01',
      toMonth: '2026-03-01',
    });
    expect((await get(`/api/v1/customers/${customerId}/loss-equivalence`, am2)).statusCode).toBe(404);

    const noBilling = await get(
      `/api/v1/customers/${await makeCustomer(ctx, { am: 'am1' })}/loss-equivalence`,
      am1,
    );
    expect(noBilling.json()).toMatchObject({
      avgMonthlyRevenueFen: null,
      commercialEquivalent: null,
      months: 0,
    });
  });

  it('uses the admin-edited segment averages, validated and audited', async () => {
    const put = (headers: { authorization: string }, payload: unknown) =>
      ctx.app.inject({
        method: 'PUT',
        url: '/api/v1/tiers/settings',
        headers,
        payload: payload as Record<string, unknown>,
      });
    const reason = '省公司口径';
    expect((await put(kam, { commercialAvgFen: 50_000, publicAvgFen: 10_000, reason })).statusCode).toBe(403);
    const bad = await put(admin, { commercialAvgFen: 0, publicAvgFen: 10_000, reason });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('commercialAvgFen');
    const ok = await put(admin, { commercialAvgFen: 50_000, publicAvgFen: 10_000, reason });
    expect(ok.statusCode).toBe(200);
    expect((await get('/api/v1/tiers/settings', am1)).json().configured).toMatchObject({
      commercialAvgFen: 50_000,
      publicAvgFen: 10_000,
      source: 'manual',
    });
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    await makeBilling(ctx, customerId, ['2026-01-01', '2026-02-01'], 1_000_000);
    const res = await get(`/api/v1/customers/${customerId}/loss-equivalence`, am1);
    expect(res.json()).toMatchObject({ commercialEquivalent: 20, publicEquivalent: 100, months: 2 });
    const audit = await get('/api/v1/audit?entity=tierSettings', await ctx.auth('auditor'));
    expect(audit.json()[0].after).toMatchObject({ commercialAvgFen: 50_000, publicAvgFen: 10_000 });
    expect(audit.json()[0].reason).toBe(reason);
    await put(admin, { commercialAvgFen: 64_177, publicAvgFen: 15_000, reason });
  });

  it('hides the tier history of another portfolio', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    expect((await get(`/api/v1/customers/${customerId}/tier-history`, am2)).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${customerId}/tier-history`, kamGx)).statusCode).toBe(404);
  });
});
