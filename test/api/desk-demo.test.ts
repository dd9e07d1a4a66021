/**
 * The service-desk demo (issue 5 item 8): circuits, one visitor per customer, tickets across tiers
 * at every stage — closed with satisfied visits, resolved with open (some overdue) visits, one
 * reopened by a dissatisfied visit, some breaching and escalated — and idempotent like every
 * demo generator: a second run leaves the same counts.
 */
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

const one = async (query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(ctx.deps.db, query))[0]!.n;

async function counts() {
  return {
    circuits: await one(sql`select count(*)::int as n from circuits`),
    visitors: await one(sql`select count(*)::int as n from customer_visitors`),
    tickets: await one(sql`select count(*)::int as n from tickets`),
    events: await one(sql`select count(*)::int as n from ticket_events`),
    visits: await one(sql`select count(*)::int as n from return_visits`),
    followUps: await one(
      sql`select count(*)::int as n from action_tasks where action_code = 'visit_follow_up'`,
    ),
  };
}

describe('desk demo', () => {
  it('gives customers circuits and one visitor each', async () => {
    const c = await counts();
    expect(c.circuits).toBeGreaterThanOrEqual(20);
    expect(c.visitors).toBe(await one(sql`select count(*)::int as n from customers where status = 'active'`));
  });

  it('yields tickets across tiers, at every stage, some breached and escalated', async () => {
    const tickets = await queryRows<{
      status: string;
      stage_code: string;
      tier: string | null;
      breached: boolean;
      escalation_level: number;
      ticket_type: string;
    }>(
      ctx.deps.db,
      sql`select status, stage_code, tier, breached, escalation_level, ticket_type from tickets`,
    );
    expect(tickets.length).toBeGreaterThanOrEqual(12);
    expect(new Set(tickets.map((t) => t.tier)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(tickets.map((t) => t.ticket_type))).toEqual(
      new Set(['fault', 'complaint', 'inquiry', 'request']),
    );
    const statuses = new Set(tickets.map((t) => t.status));
    for (const s of ['acknowledged', 'inProgress', 'pending', 'held', 'resolved', 'closed'])
      expect(statuses).toContain(s);
    const open = tickets.filter((t) => !['closed', 'cancelled', 'rejected', 'resolved'].includes(t.status));
    expect(new Set(open.map((t) => t.stage_code))).toEqual(new Set(['frontdesk', 'ops', 'field', 'kam']));
    expect(tickets.filter((t) => t.breached).length).toBeGreaterThan(0);
    expect(tickets.filter((t) => t.escalation_level > 0).length).toBeGreaterThan(0);
    expect(await one(sql`select count(*)::int as n from ticket_escalations`)).toBeGreaterThan(0);
    // a fault handed to ops that nobody took: its response limit escalated to the NOC head
    expect(
      await one(
        sql`select count(*)::int as n from ticket_escalations e join sla_instances i on i.id = e.sla_instance_id
            join tickets t on t.id = e.ticket_id
            where i.definition_code = 'ola_ops_response' and e.level = 2 and t.assignee_id is null`,
      ),
    ).toBeGreaterThan(0);
    // a reopened fault: its status history passes through reopened
    expect(
      await one(
        sql`select count(*)::int as n from ticket_events where kind = 'status' and status = 'reopened'`,
      ),
    ).toBeGreaterThan(0);
  });

  it('yields visits: satisfied, dissatisfied with a follow-up task, open and overdue', async () => {
    const visits = await queryRows<{
      status: string;
      outcome: string | null;
      overdue: boolean;
      follow_up_task_id: number | null;
    }>(
      ctx.deps.db,
      sql`select status, outcome, due_at < now() and status = 'open' as overdue, follow_up_task_id from return_visits`,
    );
    expect(visits.some((v) => v.outcome === 'satisfied')).toBe(true);
    expect(visits.some((v) => v.outcome === 'dissatisfied' && v.follow_up_task_id !== null)).toBe(true);
    expect(visits.some((v) => v.status === 'open' && !v.overdue)).toBe(true);
    expect(visits.some((v) => v.overdue)).toBe(true);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/visits?limit=500',
      headers: await ctx.auth('visit'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<unknown[]>().length).toBeGreaterThan(0);
  });

  it('running the demo twice leaves the same counts', async () => {
    const before = await counts();
    await runDemo(ctx.deps, systemActor('test:demo'), { customers: 20, seed: 1 });
    expect(await counts()).toEqual(before);
  });
});
