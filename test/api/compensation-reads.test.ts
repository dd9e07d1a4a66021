/**
 * Reading compensation slips: the inbox filters and to-do per role, badge counts, X-Total-Count,
 * the scope of the customer (an AM sees its own; others → 404), the detail's source numbers, a
 * customer's slips, and the summary by month × kind × status.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { makeCustomer } from '../fixtures/customers.ts';
import type { TestContext } from '../harness.ts';
import { call, createCompensationContext, ok, raise } from './compensation-fixtures.ts';

type Slip = { id: string; status: string; kind: string; customerId: string; amountFen: number };
type Problem = { code: string; errors?: { field: string }[] };
type Summary = {
  from: string;
  to: string;
  rows: { month: string; kind: string; status: string; count: number; amountFen: number }[];
  totals: { count: number; amountFen: number; settledFen: number };
};

let ctx: TestContext;
let gz: string; // am1's customer in Guangzhou
let sz: string; // am2's customer in Shenzhen
let gx: string; // a customer in Guangxi: outside the GD kam_manager's region
const ids: Record<string, string> = {};
const list = '/api/v1/compensation/slips';

beforeAll(async () => {
  ctx = await createCompensationContext();
  gz = await makeCustomer(ctx, { am: 'am1', region: 'GD-GZ' });
  sz = await makeCustomer(ctx, { am: 'am2', region: 'GD-SZ' });
  gx = await makeCustomer(ctx, { region: 'GX-NN' });
  ctx.clock.set('2026-10-15T02:00:00.000Z');
  ids.october = (await raise(ctx, gz, { amountFen: 10_000 })).id;
  ctx.clock.set('2026-11-10T02:00:00.000Z');
  ids.gzSla = (await raise(ctx, gz, { kind: 'sla_availability', amountFen: 20_000, basis: {} })).id;
  ids.sz = (await raise(ctx, sz, { amountFen: 30_000, region: 'GD-SZ' })).id;
  ids.gx = (await raise(ctx, gx, { amountFen: 40_000, region: 'GX-NN' })).id;
  ctx.clock.set('2026-12-01T02:00:00.000Z');
  await ok(
    await call(ctx, 'ops', 'POST', `${list}/${ids.sz}/ops-statement`, {
      responsibleSegment: 'access_network',
      opinion: '接入段故障',
    }),
  );
});
afterAll(async () => ctx?.close());

const idsOf = async (who: string, query = '') =>
  (await ok<Slip[]>(await call(ctx, who, 'GET', `${list}?limit=500${query}`))).map((s) => s.id);

describe('the inbox', () => {
  it('scopes by the customer: AM its own, kam_manager its region, admin all', async () => {
    expect((await idsOf('am1')).sort()).toEqual([ids.october, ids.gzSla].sort());
    expect(await idsOf('am2')).toEqual([ids.sz]);
    expect(await idsOf('kam')).not.toContain(ids.gx);
    expect(await idsOf('kam')).toHaveLength(3);
    expect(await idsOf('admin')).toHaveLength(4);
    expect(await idsOf('analyst')).toHaveLength(4);
    expect((await call(ctx, 'visit', 'GET', list)).statusCode).toBe(403);
  });

  it('filters by status, kind and customer and counts the total', async () => {
    expect(await idsOf('admin', '&status=ops_stated')).toEqual([ids.sz]);
    expect(await idsOf('admin', '&kind=sla_availability')).toEqual([ids.gzSla]);
    expect((await idsOf('admin', `&customerId=${gz}`)).sort()).toEqual([ids.october, ids.gzSla].sort());
    const res = await call(ctx, 'admin', 'GET', `${list}?limit=1`);
    expect(res.headers['x-total-count']).toBe('4');
    expect(res.json<Slip[]>()).toHaveLength(1);
    const bad = await call(ctx, 'admin', 'GET', `${list}?status=paid`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.field).toContain('status');
  });

  it('finds by slip number or customer name', async () => {
    const [row] = await queryRows<{ n: string }>(
      ctx.deps.db,
      sql`select slip_number as n from compensation_slips where id = ${ids.sz}::uuid`,
    );
    expect(await idsOf('admin', `&q=${encodeURIComponent(row!.n)}`)).toEqual([ids.sz]);
  });

  it('shows each role its to-do', async () => {
    expect((await idsOf('ops', '&todo=true')).sort()).toEqual([ids.october, ids.gzSla].sort());
    expect(await idsOf('kam', '&todo=true')).toEqual([ids.sz]);
    expect(await idsOf('am1', '&todo=true')).toEqual([]);
    expect(await idsOf('analyst', '&todo=true')).toEqual([]);
  });

  it('gives badge counts', async () => {
    const counts = await ok<{ all: number; todo: number; byStatus: Record<string, number> }>(
      await call(ctx, 'kam', 'GET', `${list}/counts`),
    );
    expect(counts).toEqual({ all: 3, todo: 1, byStatus: { raised: 2, ops_stated: 1 } });
  });
});

describe('one slip and a customer’s slips', () => {
  it('404s outside the scope and for unknown ids', async () => {
    expect((await call(ctx, 'am1', 'GET', `${list}/${ids.sz}`)).statusCode).toBe(404);
    expect((await call(ctx, 'kam', 'GET', `${list}/${ids.gx}`)).statusCode).toBe(404);
    expect((await call(ctx, 'admin', 'GET', `${list}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(
      404,
    );
    expect((await call(ctx, 'admin', 'GET', `${list}/not-a-uuid`)).statusCode).toBe(400);
  });

  it('lists a customer’s slips for whoever may read the customer', async () => {
    const mine = await ok<Slip[]>(await call(ctx, 'am1', 'GET', `/api/v1/customers/${gz}/slips`));
    expect(mine.map((s) => s.id).sort()).toEqual([ids.october, ids.gzSla].sort());
    expect((await call(ctx, 'am2', 'GET', `/api/v1/customers/${gz}/slips`)).statusCode).toBe(404);
  });
});

describe('the summary', () => {
  it('sums amounts by raising month × kind × status', async () => {
    const s = await ok<Summary>(
      await call(ctx, 'admin', 'GET', '/api/v1/compensation/summary?from=2026-10&to=2026-12'),
    );
    expect(s.rows).toEqual([
      {
        month: '2026-10',
        kind: 'provisioning_late',
        status: 'raised',
        count: 1,
        amountFen: 10_000,
        computedAmountFen: 10_000,
      },
      {
        month: '2026-11',
        kind: 'provisioning_late',
        status: 'ops_stated',
        count: 1,
        amountFen: 30_000,
        computedAmountFen: 30_000,
      },
      {
        month: '2026-11',
        kind: 'provisioning_late',
        status: 'raised',
        count: 1,
        amountFen: 40_000,
        computedAmountFen: 40_000,
      },
      {
        month: '2026-11',
        kind: 'sla_availability',
        status: 'raised',
        count: 1,
        amountFen: 20_000,
        computedAmountFen: 20_000,
      },
    ]);
    expect(s.totals).toMatchObject({ count: 4, amountFen: 100_000, settledFen: 0 });
  });

  it('is scoped, defaults to the last 12 months, and refuses bad ranges', async () => {
    const am1 = await ok<Summary>(await call(ctx, 'am1', 'GET', '/api/v1/compensation/summary'));
    expect(am1).toMatchObject({ from: '2026-01', to: '2026-12' });
    expect(am1.totals.amountFen).toBe(30_000);
    const oneMonth = await ok<Summary>(
      await call(
        ctx,
        'admin',
        'GET',
        `/api/v1/compensation/summary?from=2026-11&to=2026-11&customerId=${gz}`,
      ),
    );
    expect(oneMonth.totals).toMatchObject({ count: 1, amountFen: 20_000 });
    const backwards = await call(ctx, 'admin', 'GET', '/api/v1/compensation/summary?from=2026-12&to=2026-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<Problem>().code).toBe('INVALID_RANGE');
    const badMonth = await call(ctx, 'admin', 'GET', '/api/v1/compensation/summary?from=2026-13');
    expect(badMonth.statusCode).toBe(400);
  });
});
