/**
 * Loss equivalence settings over HTTP (PRODUCT.md §2): the configured segment averages beside the
 * ones measured from the segments' billing totals over the trailing 12 months, with the seed's
 * numbers (one key account ≈ 79 commercial ≈ 338 public customers); segment billing entered by an
 * administrator, every bad field named, every change audited with its reason; reads scoped.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMeta, billingMonthly, segmentBillingMonthly } from '../../src/db/schema.ts';
import { makeBilling, makeCustomer } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
type Headers = { authorization: string };
let admin: Headers;
let am1: Headers;
let kam: Headers;

/** 2025-04 … 2026-03: the trailing 12 months on 2026-03-10. */
const YEAR = Array.from({ length: 12 }, (_, i) => {
  const index = 2025 * 12 + 3 + i;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
});

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-10T02:00:00Z');
  admin = await ctx.auth('admin');
  am1 = await ctx.auth('am1');
  kam = await ctx.auth('kam');
  // the demo's billing (key accounts and segments) goes, so every figure here is the test's own
  await ctx.deps.db.delete(billingMonthly);
  await ctx.deps.db.delete(segmentBillingMonthly);
});
afterAll(() => ctx.close());

const send = (method: 'GET' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  ctx.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

/** The seed's segments: 641.77 yuan per commercial customer, 150 yuan per public customer. */
const segmentRows = YEAR.filter((m) => m !== '2026-03-01').flatMap((month, i) => [
  {
    segment: 'commercial',
    month,
    revenueFen: (1_200_000 + i * 1000) * 64_177,
    billedCustomers: 1_200_000 + i * 1000,
  },
  { segment: 'public', month, revenueFen: 9_000_000 * 15_000, billedCustomers: 9_000_000 },
]);

describe('segment averages: configured and measured (seed 001: 79 commercial ≈ 338 public)', () => {
  it('before any segment billing: the defaults, nothing measured, the key accounts in scope', async () => {
    const mine = await makeCustomer(ctx, { am: 'am1' });
    await makeBilling(ctx, mine, YEAR, 5_070_000);
    await makeBilling(ctx, mine, ['2025-03-01'], 99_999_999); // before the window
    const theirs = await makeCustomer(ctx, { am: 'am2', region: 'GD-SZ' });
    await makeBilling(ctx, theirs, YEAR.slice(0, 6), 1_070_000);

    const res = await send('GET', '/api/v1/tiers/settings', am1);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      configured: {
        commercialAvgFen: 64_177,
        publicAvgFen: 15_000,
        source: 'default',
        fromMonth: null,
        toMonth: null,
        reason: null,
        updatedBy: null,
        updatedAt: null,
      },
      measured: {
        fromMonth: '2025-04-01',
        toMonth: '2026-03-01',
        commercial: { avgFen: null, months: 0, revenueFen: 0, customerMonths: 0 },
        public: { avgFen: null, months: 0, revenueFen: 0, customerMonths: 0 },
        keyAccounts: {
          avgFen: 5_070_000,
          months: 12,
          revenueFen: 12 * 5_070_000,
          customerMonths: 12,
          customers: 1,
        },
      },
      keyAccountEquivalents: {
        configured: { commercialEquivalent: 79, publicEquivalent: 338 },
        measured: { commercialEquivalent: null, publicEquivalent: null },
      },
    });
    // admin sees every key account: (12 × 50,700 + 6 × 10,700) / 18 months
    const all = (await send('GET', '/api/v1/tiers/settings', admin)).json();
    expect(all.measured.keyAccounts).toMatchObject({ avgFen: 3_736_667, customers: 2, customerMonths: 18 });
  });

  it('adopting measured figures without segment billing names the field', async () => {
    const res = await send('PUT', '/api/v1/tiers/settings', admin, { source: 'measured', reason: '按实际' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'source', message: 'no billing of the commercial segment in the period to measure' },
      { field: 'source', message: 'no billing of the public segment in the period to measure' },
    ]);
  });

  it('segment billing: admin only, every bad row field named, nothing half-stored', async () => {
    expect(
      (await send('PUT', '/api/v1/tiers/segment-billing', kam, { rows: segmentRows, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const bad = await send('PUT', '/api/v1/tiers/segment-billing', admin, {
      rows: [segmentRows[0], { ...segmentRows[1], month: '2026-04-01' }, segmentRows[0]],
      reason: '财务月报',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'rows[1].month', message: 'a billed month, not after 2026-03' },
      { field: 'rows[2].month', message: 'the same segment and month as rows[0]' },
    ]);
    const shape = await send('PUT', '/api/v1/tiers/segment-billing', admin, {
      rows: [{ ...segmentRows[0], month: '2026-02-15', billedCustomers: 0 }],
      reason: '',
    });
    expect(shape.statusCode).toBe(400);
    expect(
      shape
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['reason', 'rows[0].billedCustomers', 'rows[0].month']);
    expect((await send('GET', '/api/v1/tiers/segment-billing', am1)).json()).toEqual([]);
  });

  it('measures each segment’s average per customer-month and gives the seed’s 79 and 338', async () => {
    const ok = await send('PUT', '/api/v1/tiers/segment-billing', admin, {
      rows: segmentRows,
      reason: '财务月报',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(22);
    const list = (await send('GET', '/api/v1/tiers/segment-billing', am1)).json();
    expect(list[0]).toMatchObject({
      segment: 'commercial',
      month: '2026-02-01',
      updatedBy: expect.any(String),
    });
    expect(list).toHaveLength(22);

    const settings = (await send('GET', '/api/v1/tiers/settings', am1)).json();
    expect(settings.measured.commercial).toMatchObject({ avgFen: 64_177, months: 11 });
    expect(settings.measured.public).toEqual({
      avgFen: 15_000,
      months: 11,
      revenueFen: 11 * 9_000_000 * 15_000,
      customerMonths: 11 * 9_000_000,
    });
    expect(settings.keyAccountEquivalents.measured).toEqual({
      commercialEquivalent: 79,
      publicEquivalent: 338,
    });

    // a corrected month replaces the stored one, audited with before, after and the reason
    const fix = await send('PUT', '/api/v1/tiers/segment-billing', admin, {
      rows: [
        {
          segment: 'public',
          month: '2026-02-01',
          revenueFen: 9_000_000 * 15_011,
          billedCustomers: 9_000_000,
        },
      ],
      reason: '二月公众账单更正',
    });
    expect(fix.statusCode).toBe(200);
    const audit = (
      await send('GET', '/api/v1/audit?entity=segmentBilling', await ctx.auth('auditor'))
    ).json();
    expect(audit).toHaveLength(23);
    expect(audit[0]).toMatchObject({
      action: 'update',
      entityId: 'public:2026-02-01',
      reason: '二月公众账单更正',
      before: { revenueFen: 9_000_000 * 15_000 },
      after: { revenueFen: 9_000_000 * 15_011 },
    });
    expect((await send('GET', '/api/v1/tiers/settings', am1)).json().measured.public.avgFen).toBe(15_001);
  });

  it('the admin adopts the measured figures; loss equivalence then divides by them', async () => {
    expect(
      (await send('PUT', '/api/v1/tiers/settings', kam, { source: 'measured', reason: 'x' })).statusCode,
    ).toBe(403);
    const noReason = await send('PUT', '/api/v1/tiers/settings', admin, { source: 'measured' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    const superfluous = await send('PUT', '/api/v1/tiers/settings', admin, {
      source: 'measured',
      publicAvgFen: 1,
      reason: '按实际',
    });
    expect(superfluous.json().errors).toEqual([
      { field: 'publicAvgFen', message: "leave out with source 'measured': the measured figure is used" },
    ]);

    const res = await send('PUT', '/api/v1/tiers/settings', admin, {
      source: 'measured',
      reason: '按近 12 个月实际',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().configured).toMatchObject({
      commercialAvgFen: 64_177,
      publicAvgFen: 15_001,
      source: 'measured',
      fromMonth: '2025-04-01',
      toMonth: '2026-03-01',
      reason: '按近 12 个月实际',
      updatedAt: '2026-03-10T02:00:00.000Z',
    });
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    await makeBilling(ctx, customerId, ['2026-01-01'], 1_500_100);
    const loss = (await send('GET', `/api/v1/customers/${customerId}/loss-equivalence`, am1)).json();
    expect(loss).toMatchObject({ publicAvgFen: 15_001, publicEquivalent: 100, commercialAvgFen: 64_177 });

    const audit = (await send('GET', '/api/v1/audit?entity=tierSettings', await ctx.auth('auditor'))).json();
    expect(audit[0]).toMatchObject({
      reason: '按近 12 个月实际',
      before: { source: 'default', commercialAvgFen: 64_177, publicAvgFen: 15_000 },
      after: { source: 'measured', publicAvgFen: 15_001 },
    });
  });

  it('the admin types figures in (manual), each missing one named', async () => {
    const missing = await send('PUT', '/api/v1/tiers/settings', admin, {
      commercialAvgFen: 50_000,
      reason: '测算',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: 'publicAvgFen', message: "required with source 'manual'" },
    ]);
    const zero = await send('PUT', '/api/v1/tiers/settings', admin, {
      source: 'manual',
      commercialAvgFen: 0,
      publicAvgFen: 10_000,
      reason: '测算',
    });
    expect(zero.json().errors[0].field).toBe('commercialAvgFen');
    const ok = await send('PUT', '/api/v1/tiers/settings', admin, {
      source: 'manual',
      commercialAvgFen: 50_000,
      publicAvgFen: 10_000,
      reason: '省公司口径',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().configured).toMatchObject({ source: 'manual', fromMonth: null, reason: '省公司口径' });
    // the measured figures stay beside them
    expect(ok.json().measured.commercial.avgFen).toBe(64_177);
  });

  it('reads settings stored before sources were kept as typed in', async () => {
    await ctx.deps.db
      .update(appMeta)
      .set({ value: { commercialAvgFen: 60_000, publicAvgFen: 14_000 } })
      .where(sql`${appMeta.key} = 'tiers.settings'`);
    const res = (await send('GET', '/api/v1/tiers/settings', kam)).json();
    expect(res.configured).toEqual({
      commercialAvgFen: 60_000,
      publicAvgFen: 14_000,
      source: 'manual',
      fromMonth: null,
      toMonth: null,
      reason: null,
      updatedBy: null,
      updatedAt: null,
    });
  });
});
