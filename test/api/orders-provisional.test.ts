/**
 * A due date past the calendar horizon is provisional (weekends only) and moves when the next
 * year's schedule is imported: the line, the order's expected date and an event.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('provisional due dates', () => {
  it('are recomputed when the schedule arrives', async () => {
    ctx.clock.set('2026-12-21T02:00:00Z'); // Monday
    const [c] = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from customers where account_manager_id is not null order by code limit 1`,
    );
    const admin = await ctx.auth('admin');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: admin,
      payload: {
        customerId: c!.id,
        items: [{ product: 'digital_circuit', provisioningClass: 'normal', listOneTimeFeeFen: 100_000 }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json<Json>();
    // 20 working days counted with weekends only past 2026: 01-01 counts → 2027-01-18
    expect(o.items[0]).toMatchObject({ dueDate: '2027-01-18', dueProvisional: true });
    expect(o).toMatchObject({ expectedCompletionDate: '2027-01-18', expectedProvisional: true });

    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import',
      headers: admin,
      payload: {
        year: 2027,
        region: null,
        source: 'test',
        days: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-02', kind: 'holiday', name: '元旦' },
          { date: '2027-01-03', kind: 'holiday', name: '元旦' },
        ],
      },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const after = await ctx.app.inject({ method: 'GET', url: `/api/v1/orders/${o.id}`, headers: admin });
    const a = after.json<Json>();
    expect(a.items[0]).toMatchObject({ dueDate: '2027-01-19', dueProvisional: false });
    expect(a).toMatchObject({ expectedCompletionDate: '2027-01-19', expectedProvisional: false });
    expect(a.events.find((e: Json) => e.kind === 'due_recomputed')).toMatchObject({
      fromValue: '2027-01-18',
      toValue: '2027-01-19',
    });
  });
});
