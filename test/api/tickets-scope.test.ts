import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;
const users: Record<string, string> = {};
let mine: string; // a customer of am1
let theirs: string; // a customer of am2

async function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url,
    headers: await ctx.auth(user),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function open(user: string, customerId: string, extra: Json = {}) {
  return call(user, 'POST', '/api/v1/tickets', {
    customerId,
    ticketType: 'fault',
    severity: 'major',
    channel: 'phone',
    name: '故障',
    description: '电路中断',
    ...extra,
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-10T02:00:00Z');
  for (const u of await queryRows<{ id: string; username: string }>(
    ctx.deps.db,
    sql`select id, username from users`,
  ))
    users[u.username] = u.id;
  const pick = async (am: string) =>
    (
      await queryRows<{ id: string }>(
        ctx.deps.db,
        sql`select id from customers where account_manager_id = ${users[am]}::uuid order by name limit 1`,
      )
    )[0]!.id;
  mine = await pick('am1');
  theirs = await pick('am2');
});
afterAll(() => ctx.close());

describe('tickets scope', () => {
  it("lets an account manager open tickets only for its own customers (404 for another's)", async () => {
    expect((await open('am1', mine)).statusCode).toBe(201);
    const other = await open('am1', theirs);
    expect(other.statusCode).toBe(404);
    expect(other.json().errors[0].field).toBe('customerId');
  });

  it("shows an account manager only its own customers' tickets", async () => {
    const t = (await open('frontdesk', theirs)).json();
    const list = await call('am1', 'GET', '/api/v1/tickets?limit=500');
    expect(list.statusCode).toBe(200);
    const items = list.json() as Json[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.accountManagerId === users.am1)).toBe(true);
    expect(Number(list.headers['x-total-count'])).toBe(items.length);
    expect((await call('am1', 'GET', `/api/v1/tickets/${t.id}`)).statusCode).toBe(404);
    expect((await call('am1', 'POST', `/api/v1/tickets/${t.id}/notes`, { text: 'x' })).statusCode).toBe(404);
    expect((await call('am2', 'GET', `/api/v1/tickets/${t.id}`)).statusCode).toBe(200);
    expect((await call('am1', 'GET', `/api/v1/customers/${theirs}/tickets`)).statusCode).toBe(404);
    const own = await call('am2', 'GET', `/api/v1/customers/${theirs}/tickets`);
    expect(own.json().map((x: Json) => x.id)).toContain(t.id);
  });

  it('orders the queue by tier, then time left', async () => {
    // customers of three different ranks, one ticket each, in reverse order of rank
    const rows = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select distinct on (coalesce(stars || 'A', tier, group_class, '')) id from customers
          order by coalesce(stars || 'A', tier, group_class, ''), name`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const created: Json[] = [];
    for (const r of rows) {
      const res = await open('admin', r.id, { ticketType: 'inquiry', severity: 'minor', name: 'queue-test' });
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json());
      ctx.clock.advance(60_000);
    }
    const list = (
      await call('admin', 'GET', '/api/v1/tickets?sort=queue&open=true&limit=500')
    ).json() as Json[];
    const ranks = list.map((t) => t.tierRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // within a rank: nearest target first, no running clock last
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      if (a.tierRank !== b.tierRank) continue;
      if (a.nextTargetAt === null) expect(b.nextTargetAt).toBeNull();
      else if (b.nextTargetAt !== null) expect(a.nextTargetAt <= b.nextTargetAt).toBe(true);
    }
    const mineOnly = list.filter((t) => t.name === 'queue-test').map((t) => t.id);
    const expected = [...created].sort((a, b) => b.tierRank - a.tierRank).map((t) => t.id);
    expect(mineOnly).toEqual(expected);
  });

  it('filters the list and finds by number or customer name', async () => {
    const t = (await open('frontdesk', mine, { severity: 'critical' })).json();
    const byNumber = (await call('frontdesk', 'GET', `/api/v1/tickets?q=${t.number}`)).json() as Json[];
    expect(byNumber.map((x) => x.id)).toEqual([t.id]);
    const byName = (
      await call('frontdesk', 'GET', `/api/v1/tickets?q=${encodeURIComponent(t.customerName)}&limit=500`)
    ).json() as Json[];
    expect(byName.every((x) => x.customerId === mine)).toBe(true);
    const critical = (
      await call(
        'frontdesk',
        'GET',
        '/api/v1/tickets?severity=critical&status=acknowledged,inProgress&limit=500',
      )
    ).json() as Json[];
    expect(critical.map((x) => x.id)).toContain(t.id);
    expect(
      critical.every((x) => x.severity === 'critical' && ['acknowledged', 'inProgress'].includes(x.status)),
    ).toBe(true);
    const bad = await call('frontdesk', 'GET', '/api/v1/tickets?status=done');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('status');
    const csc = (
      await call('frontdesk', 'GET', '/api/v1/tickets?departmentCode=CSC&limit=500')
    ).json() as Json[];
    expect(csc.every((x) => x.departmentCode === 'CSC')).toBe(true);

    // "assigned to me": the board's filter by assignee
    const [assignee] = (await call('frontdesk', 'GET', `/api/v1/tickets/${t.id}/assignees`)).json()
      .users as Json[];
    const assign = await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/assign`, {
      assigneeId: assignee!.id,
    });
    expect(assign.statusCode).toBe(200);
    const assigned = (
      await call('frontdesk', 'GET', `/api/v1/tickets?assigneeId=${assignee!.id}&limit=500`)
    ).json() as Json[];
    expect(assigned.map((x) => x.id)).toContain(t.id);
    expect(assigned.every((x) => x.assigneeId === assignee!.id)).toBe(true);
    const badAssignee = await call('frontdesk', 'GET', '/api/v1/tickets?assigneeId=me');
    expect(badAssignee.statusCode).toBe(400);
    expect(badAssignee.json().errors[0].field).toBe('assigneeId');
  });

  it('counts the board in scope', async () => {
    const all = (await call('admin', 'GET', '/api/v1/tickets/summary')).json();
    const am1 = (await call('am1', 'GET', '/api/v1/tickets/summary')).json();
    expect(all.open).toBeGreaterThan(0);
    expect(am1.open).toBeLessThan(all.open);
    expect(all.byDepartment.find((d: Json) => d.departmentCode === 'CSC')).toMatchObject({
      departmentName: expect.any(String),
    });
    expect(all.byStatus.reduce((n: number, s: Json) => n + s.count, 0)).toBeGreaterThanOrEqual(all.open);
    expect(all.byTier.reduce((n: number, s: Json) => n + s.open, 0)).toBe(all.open);
    const openList = await call('am1', 'GET', '/api/v1/tickets?open=true&limit=1');
    expect(Number(openList.headers['x-total-count'])).toBe(am1.open);
  });
});
