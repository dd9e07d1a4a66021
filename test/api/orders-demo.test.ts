/** The orders demo: every scenario is there (late slips, HQ deliveries, overdue, cross-operator), and a rerun adds nothing. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(ctx.deps.db, q))[0]!;

describe('orders demo', () => {
  it('covers the scenarios', async () => {
    const r = await one<Json>(sql`select
      (select count(*)::int from product_orders where external_id like 'DEMO-PO-%') as orders,
      (select count(*)::int from product_orders where state = 'completed') as completed,
      (select count(*)::int from product_orders where state = 'held') as held,
      (select count(*)::int from product_orders where state = 'cancelled') as cancelled,
      (select count(*)::int from product_order_items where provisioning_class is null and state <> 'cancelled') as unclassed,
      (select count(*)::int from product_order_items where cross_operator) as cross_operator,
      (select count(*)::int from product_order_items where state in ('acknowledged','inProgress') and due_date < current_date) as overdue,
      (select count(*)::int from product_order_items where overdue_working_days > 0) as late,
      (select count(*)::int from compensation_slips where kind = 'provisioning_late') as slips,
      (select count(*)::int from product_order_items where milestone = 'delivered') as delivered,
      (select count(*)::int from action_tasks where action_code = 'order_delivery' and status = 'open') as pending_delivery,
      (select count(*)::int from return_visits where kind = 'activation') as visits`);
    expect(r.orders).toBeGreaterThanOrEqual(17);
    for (const k of [
      'completed',
      'held',
      'cancelled',
      'unclassed',
      'cross_operator',
      'overdue',
      'late',
      'slips',
      'delivered',
      'pending_delivery',
      'visits',
    ])
      expect(r[k], k).toBeGreaterThan(0);
    expect(r.slips).toBe(
      r.late -
        (
          await one<{ n: number }>(sql`select count(*)::int as n from product_order_items
      where overdue_working_days > 0 and provisioning_class is null`)
        ).n,
    );
  });

  it('is idempotent', async () => {
    const before = await one<{ n: number }>(sql`select count(*)::int as n from product_orders`);
    await runDemo(ctx.deps, systemActor('test:demo'), { customers: 20, seed: 1 });
    const after = await one<{ n: number }>(sql`select count(*)::int as n from product_orders`);
    expect(after.n).toBe(before.n);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: rows read loosely
type Json = Record<string, any>;
