/**
 * The compensation demo: advances whatever slips the orders and agreements demos raised through
 * every status with the demo users, raises nothing itself, and a second run changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { createRng } from '../../src/domain/random.ts';
import { compensationDemo } from '../../src/modules/demo/demo-compensation.ts';
import { makeCustomer } from '../fixtures/customers.ts';
import type { TestContext } from '../harness.ts';
import { call, createCompensationContext, ok, raise } from './compensation-fixtures.ts';

let ctx: TestContext;

const runDemo = () =>
  ctx.deps.db.transaction((tx) =>
    compensationDemo.run({
      tx,
      rng: createRng(1),
      options: { customers: 0, seed: 1 },
      actor: systemActor('test:demo'),
      passwordHash: '',
      now: ctx.clock.now,
    }),
  );

const statuses = async () =>
  queryRows<{ status: string; n: number }>(
    ctx.deps.db,
    sql`select status, count(*)::int as n from compensation_slips group by status order by status`,
  );

beforeAll(async () => {
  ctx = await createCompensationContext();
});
afterAll(async () => ctx?.close());

describe('compensationDemo', () => {
  it('does nothing without slips', async () => {
    expect(await runDemo()).toEqual({ slips: 0, moved: 0 });
  });

  it('moves raised slips through every status, idempotently', async () => {
    ctx.clock.set('2026-11-02T02:00:00.000Z');
    const gz = await makeCustomer(ctx, { am: 'am1', region: 'GD-GZ' });
    const gx = await makeCustomer(ctx, { region: 'GX-NN' });
    for (let i = 0; i < 40; i++) await raise(ctx, gz, { amountFen: 1_000 * (i + 1) });
    const outside = await raise(ctx, gx, { region: 'GX-NN' });
    ctx.clock.set('2026-12-04T02:00:00.000Z');
    const first = await runDemo();
    expect(first.slips).toBe(40);
    const after = Object.fromEntries((await statuses()).map((r) => [r.status, r.n]));
    for (const s of ['raised', 'ops_stated', 'approved', 'rejected', 'customer_confirmed', 'settled']) {
      expect(after[s], s).toBeGreaterThan(0);
    }
    const again = await runDemo();
    expect(again.moved).toBe(0);
    expect(Object.fromEntries((await statuses()).map((r) => [r.status, r.n]))).toEqual(after);
    const gxSlip = await ok<{ status: string }>(
      await call(ctx, 'admin', 'GET', `/api/v1/compensation/slips/${outside.id}`),
    );
    expect(gxSlip.status).toBe('raised');
    // a settled slip carries the whole history by the right people, after it was raised
    const [settled] = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from compensation_slips where status = 'settled' limit 1`,
    );
    const detail = await ok<{ events: { kind: string; actorName: string; at: string }[] }>(
      await call(ctx, 'admin', 'GET', `/api/v1/compensation/slips/${settled!.id}`),
    );
    expect(detail.events.map((e) => [e.kind, e.actorName])).toEqual([
      ['raised', 'test:orders'],
      ['ops_stated', 'ops'],
      ['approved', 'kam'],
      ['customer_confirmed', 'am1'],
      ['settled', 'kam'],
    ]);
    const times = detail.events.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
  });
});
