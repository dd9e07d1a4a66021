/**
 * Automatic escalation (issue 5 item 3, seed 000): the ladder of a clock fires at 50 / 75 / 100 /
 * 150 %, each step exactly once — with two sweeps running at once (two connections on PostgreSQL)
 * and when a sweep runs again at the same instant (a restart) — notifying the right people with
 * customer, tier, stage, limit and how late, recorded on the ticket and in the audit log.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, queryRows } from '../../src/db/database.ts';
import type { Deps } from '../../src/deps.ts';
import { JOBS } from '../../src/jobs/jobs.ts';
import { runEscalationSweep } from '../../src/modules/desk/escalation.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import {
  act,
  customerWithTier,
  type DemoCustomer,
  LONG_SESSIONS,
  openTicket,
  sh,
  userId,
} from './desk-fixtures.ts';

let ctx: TestContext;
let c4a: DemoCustomer;

beforeAll(async () => {
  ctx = await createTestContext({ config: LONG_SESSIONS });
  c4a = await customerWithTier(ctx, '4A');
});
afterAll(() => ctx?.close());

const sweep = (at: string, deps: Deps = ctx.deps, chunk?: number) =>
  runEscalationSweep(deps, new Date(at), chunk ? { chunk } : {});

type Step = { definitionCode: string; level: number; recipients: string[] };
async function stepsOf(ticketId: string): Promise<Step[]> {
  const rows = await queryRows<{ definitionCode: string; level: number; recipients: { name: string }[] }>(
    ctx.deps.db,
    sql`select i.definition_code as "definitionCode", e.level, e.recipients from ticket_escalations e
        join sla_instances i on i.id = e.sla_instance_id where e.ticket_id = ${ticketId} order by e.level, e.id`,
  );
  return rows.map((r) => ({
    definitionCode: r.definitionCode,
    level: r.level,
    recipients: r.recipients.map((u) => u.name).sort(),
  }));
}

async function notesOf(
  username: string,
  ticketId: string,
): Promise<{ kind: string; title: string; body: string }[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: '/api/v1/notifications?limit=500',
    headers: await ctx.auth(username),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json<{ kind: string; title: string; body: string; entityId: string; id: number }[]>()
    .filter((n) => n.entityId === ticketId)
    .sort((a, b) => a.id - b.id);
}

const names = async (...usernames: string[]) => {
  const rows = await queryRows<{ name: string }>(
    ctx.deps.db,
    sql`select display_name as name from users where username in ${usernames}`,
  );
  return rows.map((r) => r.name).sort();
};

describe('the ola_ops ladder of a 4A fault (90 min on 7×24)', () => {
  let id: string;
  let number: string;

  it('nothing fires before 50 %', async () => {
    const t = await openTicket(ctx, sh('2025-03-10 09:00'), { customerId: c4a.id });
    id = t.id;
    number = t.number;
    await act(ctx, sh('2025-03-10 09:05'), id, 'stage', { stageCode: 'ops' });
    await act(ctx, sh('2025-03-10 09:05'), id, 'assign', { assigneeId: await userId(ctx, 'ops') });
    await sweep(sh('2025-03-10 09:49'));
    expect(await stepsOf(id)).toEqual([]);
  });

  it('50 % (09:50) notifies the owner: the assignee', async () => {
    await sweep(sh('2025-03-10 09:51'));
    expect(await stepsOf(id)).toEqual([
      { definitionCode: 'ola_ops', level: 1, recipients: await names('ops') },
    ]);
    const [note] = await notesOf('ops', id);
    expect(note).toMatchObject({ kind: 'escalation' });
    expect(note!.body).toBe(
      `【预警】${c4a.name}(4A) 故障工单 ${number} 在『网络运维处理』已用时 46 分钟,达时限 90 分钟的 50%,剩余 44 分钟`,
    );
  });

  it('at 95 min the 75 % and 100 % steps fire: supervisor and head, breach, escalation level 3', async () => {
    const r = await sweep(sh('2025-03-10 10:40'));
    expect(r.fired).toBeGreaterThanOrEqual(2);
    expect(await stepsOf(id)).toEqual([
      { definitionCode: 'ola_ops', level: 1, recipients: await names('ops') },
      { definitionCode: 'ola_ops', level: 2, recipients: await names('ops', 'nochead') },
      { definitionCode: 'ola_ops', level: 3, recipients: await names('nochead') },
    ]);
    const head = await notesOf('nochead', id);
    expect(head.map((n) => n.kind)).toEqual(['escalation', 'breach']);
    expect(head[1]!.body).toBe(
      `【升级】${c4a.name}(4A) 故障工单 ${number} 在『网络运维处理』已用时 95 分钟,超时限 90 分钟 5 分钟`,
    );
    const [t] = await queryRows<{ level: number; breached: boolean }>(
      ctx.deps.db,
      sql`select escalation_level as level, breached from tickets where id = ${id}`,
    );
    expect(t).toEqual({ level: 3, breached: true });
  });

  it('is recorded on the ticket (events, escalations) and in the audit log', async () => {
    const detail = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${id}`,
      headers: await ctx.auth('admin'),
    });
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json<{
      escalations: {
        level: number;
        definitionCode: string;
        thresholdPercent: number;
        escalate: boolean;
        notify: string[];
      }[];
      events: { kind: string; data: { level: number; lateMinutes: number } | null }[];
    }>();
    expect(body.escalations.map((e) => [e.definitionCode, e.level, e.thresholdPercent, e.escalate])).toEqual([
      ['ola_ops', 1, 50, false],
      ['ola_ops', 2, 75, true],
      ['ola_ops', 3, 100, true],
    ]);
    expect(body.escalations[2]!.notify).toEqual(['supervisor', 'department_head']);
    // timeline events for the steps that change the ticket (level 1 only notifies the owner)
    const events = body.events.filter((e) => e.kind === 'escalation');
    expect(events.map((e) => [e.data!.level, e.data!.lateMinutes])).toEqual([
      [2, 5], // how late as of the sweep that fired it (10:40)
      [3, 5],
    ]);
    const [audit] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'escalate' and entity_id = ${id}`,
    );
    expect(audit!.n).toBe(3);
  });

  it('a sweep at the same instant again (a restart) fires nothing', async () => {
    const again = await sweep(sh('2025-03-10 10:40'));
    expect(again.fired).toBe(0);
    expect((await stepsOf(id)).length).toBe(3);
  });

  it('150 % reaches the KAM manager of the nearest region up the tree', async () => {
    await sweep(sh('2025-03-10 11:21'));
    const steps = await stepsOf(id);
    expect(steps[3]).toEqual({ definitionCode: 'ola_ops', level: 4, recipients: await names('kam') });
    const kam = await notesOf('kam', id);
    expect(kam.at(-1)!.body).toContain('超时限 90 分钟 46 分钟');
  });
});

describe('pauses and the job', () => {
  it('a ticket pending before 50 % fires nothing and has no next check', async () => {
    const t = await openTicket(ctx, sh('2025-03-11 09:00'), { customerId: c4a.id });
    await act(ctx, sh('2025-03-11 09:00'), t.id, 'stage', { stageCode: 'ops' });
    await act(ctx, sh('2025-03-11 09:30'), t.id, 'status', { status: 'pending', reason: '等待客户确认' });
    await sweep(sh('2025-03-11 12:00'));
    expect(await stepsOf(t.id)).toEqual([]);
    const rows = await queryRows<{ code: string; next: Date | null; stage: string }>(
      ctx.deps.db,
      sql`select definition_code as code, next_check_at as next, stage from sla_instances where ticket_id = ${t.id} and definition_code = 'ola_ops'`,
    );
    expect(rows).toEqual([{ code: 'ola_ops', next: null, stage: 'paused' }]);
  });

  it('runs every 30 s as the desk-escalation job (tierline sweep --at runs it)', () => {
    expect(JOBS.find((j) => j.name === 'desk-escalation')?.everySeconds).toBe(30);
  });
});

describe('exactly once with two processes sweeping at once', () => {
  it('12 tickets × 3 steps: every step once, whoever took it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const t = await openTicket(ctx, sh('2025-03-12 13:00'), { customerId: c4a.id });
      await act(ctx, sh('2025-03-12 13:00'), t.id, 'stage', { stageCode: 'ops' });
      ids.push(t.id);
    }
    // A hub subscriber receives each step as a TroubleTicketEscalationEvent (via the outbox).
    await ctx.deps.db.execute(
      sql`insert into hub_subscriptions (api, callback, secret, created_by) values ('troubleTicket', 'http://127.0.0.1:9/hook', 'k', 'admin')`,
    );
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from ticket_escalations where ticket_id in ${ids}`,
        )
      )[0]!.n;
    const before = await count();
    let second: Deps = ctx.deps;
    let close = async () => {};
    if (ctx.deps.database.engine === 'postgres') {
      const url = (ctx.deps.database.pool as unknown as { options: { connectionString: string } }).options
        .connectionString;
      const other = openPostgres(url, 2);
      second = { ...ctx.deps, db: other.db, database: other };
      close = () => other.close();
    }
    try {
      const at = sh('2025-03-12 15:00');
      const [a, b] = await Promise.all([sweep(at, ctx.deps, 4), sweep(at, second, 4)]);
      expect(await count()).toBe(before + 36);
      // each process fired what it inserted; together, each step once
      const mine = (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from ticket_escalations where fired_at = ${at}`,
        )
      )[0]!.n;
      expect(a.fired + b.fired).toBe(mine);
      const dup = await queryRows<{ n: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n from notifications where entity_id in ${ids}
            group by user_id, entity_id, title having count(*) > 1`,
      );
      expect(dup).toEqual([]);
      const [outbox] = await queryRows<{ n: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n from outbox where event_type = 'TroubleTicketEscalationEvent'`,
      );
      expect(outbox!.n).toBe(mine);
      const [again1, again2] = await Promise.all([sweep(at, ctx.deps), sweep(at, second)]);
      expect(again1.fired + again2.fired).toBe(0);
      expect(await count()).toBe(before + 36);
    } finally {
      await close();
    }
  });
});
