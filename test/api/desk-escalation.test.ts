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
import { DEFAULT_DESK_CONFIG } from '../../src/domain/desk/defaults.ts';
import { JOBS } from '../../src/jobs/jobs.ts';
import { runEscalationSweep } from '../../src/modules/desk/escalation.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import {
  act,
  clockOf,
  clocksOf,
  customerWithTier,
  type DemoCustomer,
  LONG_SESSIONS,
  openTicket,
  publishDeskConfig,
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

describe('the response limit of ops: nobody takes the ticket (seed 000: 下一环节处理部门超出规定响应时限)', () => {
  it('50 % notifies the whole department, 100 % escalates to its head; taking it stops the clock', async () => {
    const t = await openTicket(ctx, sh('2025-03-13 09:00'), { customerId: c4a.id });
    await act(ctx, sh('2025-03-13 09:02'), t.id, 'stage', { stageCode: 'ops' });
    await sweep(sh('2025-03-13 09:08')); // 6 of 10 minutes
    const first = await stepsOf(t.id);
    expect(first.map((s) => [s.definitionCode, s.level])).toEqual([['ola_ops_response', 1]]);
    const noc = await queryRows<{ name: string }>(
      ctx.deps.db,
      sql`select u.display_name as name from users u join departments d on d.id = u.department_id where d.code = 'NOC' and u.active order by 1`,
    );
    expect(first[0]!.recipients).toEqual(noc.map((u) => u.name).sort()); // nobody holds it: every one at NOC
    const [note] = await notesOf('ops', t.id);
    expect(note!.body).toBe(
      `【预警】${c4a.name}(4A) 故障工单 ${t.number} 在『网络运维处理』无人接单已 6 分钟,达响应时限 10 分钟的 50%,剩余 4 分钟`,
    );

    await sweep(sh('2025-03-13 09:13'));
    const second = (await stepsOf(t.id)).filter((s) => s.definitionCode === 'ola_ops_response');
    expect(second.map((s) => s.level)).toEqual([1, 2]);
    expect(second[1]!.recipients).toEqual(expect.arrayContaining(await names('nochead')));
    const head = await notesOf('nochead', t.id);
    expect(head.at(-1)!.body).toContain('无人接单已 11 分钟,超响应时限 10 分钟 1 分钟');
    const [row] = await queryRows<{ level: number; breached: boolean }>(
      ctx.deps.db,
      sql`select escalation_level as level, breached from tickets where id = ${t.id}`,
    );
    expect(row).toEqual({ level: 2, breached: true });

    // taken at 09:15: the response clock completes (late); the stage's 90 minutes run on
    await act(ctx, sh('2025-03-13 09:15'), t.id, 'assign', { assigneeId: await userId(ctx, 'ops') });
    const clocks = await clocksOf(ctx, t.id);
    expect(clockOf(clocks, 'ola_ops_response')).toMatchObject({
      stage: 'completed',
      elapsedMinutes: 13,
      breached: true,
      breachedAt: sh('2025-03-13 09:12'),
    });
    expect(clockOf(clocks, 'ola_ops')).toMatchObject({
      stage: 'inProgress',
      targetAt: sh('2025-03-13 10:32'),
    });
    const again = await sweep(sh('2025-03-13 09:20'));
    expect(again.fired).toBe(0);
  });
});

describe('pauses and the job', () => {
  it('a ticket pending before 50 % fires nothing and has no next check', async () => {
    const t = await openTicket(ctx, sh('2025-03-11 09:00'), { customerId: c4a.id });
    await act(ctx, sh('2025-03-11 09:00'), t.id, 'stage', { stageCode: 'ops' });
    // taken at once (else the 10-minute response limit of ops would escalate on its own)
    await act(ctx, sh('2025-03-11 09:02'), t.id, 'assign', { assigneeId: await userId(ctx, 'ops') });
    await act(ctx, sh('2025-03-11 09:30'), t.id, 'status', { status: 'pending', reason: '等待客户确认' });
    await sweep(sh('2025-03-11 12:00'));
    expect(await stepsOf(t.id)).toEqual([]);
    const rows = await queryRows<{ code: string; next: Date | null; stage: string }>(
      ctx.deps.db,
      sql`select definition_code as code, next_check_at as next, stage from sla_instances where ticket_id = ${t.id} and definition_code = 'ola_ops'`,
    );
    expect(rows).toEqual([{ code: 'ola_ops', next: null, stage: 'paused' }]);
  });

  it('a sweep as of an instant before the ticket last changed leaves it alone (its later checks stand)', async () => {
    const t = await openTicket(ctx, sh('2025-03-19 09:00'), { customerId: c4a.id });
    await act(ctx, sh('2025-03-19 09:00'), t.id, 'stage', { stageCode: 'ops' });
    await act(ctx, sh('2025-03-19 09:02'), t.id, 'assign', { assigneeId: await userId(ctx, 'ops') });
    // 50 % of the 90 minutes at 09:45, not swept yet; pending 09:55–10:30
    await act(ctx, sh('2025-03-19 09:55'), t.id, 'status', { status: 'pending', reason: '等待客户确认' });
    await act(ctx, sh('2025-03-19 10:30'), t.id, 'status', { status: 'inProgress' });
    // as of 09:56 the clock was paused: evaluated then, it would have no next check at all
    await sweep(sh('2025-03-19 09:56'));
    const opsSteps = async () =>
      (await stepsOf(t.id)).filter((s) => s.definitionCode === 'ola_ops').map((s) => s.level);
    expect(await opsSteps()).toEqual([]);
    // as of 11:00 (55 min before the pause + 30 after): 50 % and 75 % (67.5 min at 10:42:30)
    await sweep(sh('2025-03-19 11:00'));
    expect(await opsSteps()).toEqual([1, 2]);
  });

  it('runs every 30 s as the desk-escalation job (tierline sweep --at runs it)', () => {
    expect(JOBS.find((j) => j.name === 'desk-escalation')?.everySeconds).toBe(30);
  });
});

describe('exactly once with two processes sweeping at once', () => {
  it('12 tickets × 5 steps (ola_ops 50/75/100 %, nobody took them: its response 50/100 %): every step once, whoever took it', async () => {
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
      // Two processes sweep at once, again until nothing is left. A ticket one of them holds is
      // skipped by the other (SKIP LOCKED); when two of its clocks fall due together and each
      // process took one, the second fires on the next sweep — never twice.
      let fired = 0;
      for (let round = 0; round < 5; round++) {
        const [a, b] = await Promise.all([sweep(at, ctx.deps, 4), sweep(at, second, 4)]);
        if (a.fired + b.fired === 0) break;
        fired += a.fired + b.fired;
      }
      expect(await count()).toBe(before + 60);
      // each process fired what it inserted; together, each step once
      const mine = (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from ticket_escalations where fired_at = ${at}`,
        )
      )[0]!.n;
      expect(mine).toBe(60);
      expect(fired).toBe(mine);
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
      expect(await count()).toBe(before + 60);
    } finally {
      await close();
    }
  });
});

describe('a clock whose ticket was held', () => {
  it('is tried again before the sweep ends once the holder lets go, else left for the next sweep', async () => {
    // Another connection holds the ticket's row: PostgreSQL only (PGlite has one connection).
    if (ctx.deps.database.engine !== 'postgres') return;
    const pool = ctx.deps.database.pool as unknown as import('pg').Pool;
    const hold = async (ticketId: string) => {
      const client = await pool.connect();
      await client.query('begin');
      await client.query('select 1 from tickets where id = $1 for update', [ticketId]);
      return async () => {
        await client.query('commit');
        client.release();
      };
    };
    const untaken = async (day: string) => {
      const t = await openTicket(ctx, sh(`${day} 09:00`), { customerId: c4a.id });
      await act(ctx, sh(`${day} 09:00`), t.id, 'stage', { stageCode: 'ops' });
      return t;
    };

    // held during the sweep's pass, let go after it: the same sweep fires the steps
    const a = await untaken('2025-03-17');
    const releaseA = await hold(a.id);
    let released = false;
    const first = await runEscalationSweep(ctx.deps, new Date(sh('2025-03-17 09:06')), {
      workers: 1,
      onChunk: async () => {
        if (!released) {
          released = true;
          await releaseA();
        }
      },
    });
    expect(first.skipped).toBe(0);
    expect((await stepsOf(a.id)).map((s) => [s.definitionCode, s.level])).toEqual([['ola_ops_response', 1]]);

    // held through the whole sweep: skipped, fired by the next one, once
    const b = await untaken('2025-03-18');
    const releaseB = await hold(b.id);
    try {
      const held = await runEscalationSweep(ctx.deps, new Date(sh('2025-03-18 09:06')), { workers: 1 });
      expect(held.skipped).toBeGreaterThan(0);
      expect(await stepsOf(b.id)).toEqual([]);
    } finally {
      await releaseB();
    }
    await sweep(sh('2025-03-18 09:06'));
    expect((await stepsOf(b.id)).map((s) => [s.definitionCode, s.level])).toEqual([['ola_ops_response', 1]]);
  });
});

describe('a reassign step hands the ticket over (published config with reassignTo)', () => {
  // Version 2: ola_ops at 100 % reassigns to KAM (head: kam), ola_frontdesk at 100 % to MKT (no head).
  let subscription: string;
  let kamId: string;
  let opsId: string;

  type Detail = {
    departmentCode: string;
    stageCode: string;
    assigneeId: string | null;
    assigneeName: string | null;
    escalationLevel: number;
    deskConfigVersion: number;
    events: {
      kind: string;
      actorName: string;
      departmentCode: string;
      reason: string | null;
      data: Record<string, unknown> | null;
    }[];
    escalations: {
      definitionCode: string;
      level: number;
      reassignedTo: string | null;
      recipients: { id: string }[];
    }[];
  };
  const detailOf = async (id: string) => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${id}`,
      headers: await ctx.auth('admin'),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Detail>();
  };
  const changeEvents = async (id: string) =>
    queryRows<{ payload: { event: { troubleTicket: { troubleTicketCharacteristic: unknown[] } } } }>(
      ctx.deps.db,
      sql`select payload from outbox where subscription_id = ${subscription}::uuid
          and event_type = 'TroubleTicketAttributeValueChangeEvent'
          and payload->'event'->'troubleTicket'->>'id' = ${id}
          and payload->>'description' like '%(escalation)' order by id`,
    );

  beforeAll(async () => {
    kamId = await userId(ctx, 'kam');
    opsId = await userId(ctx, 'ops');
    const doc = JSON.parse(JSON.stringify(DEFAULT_DESK_CONFIG)) as typeof DEFAULT_DESK_CONFIG;
    for (const [code, to] of [
      ['ola_ops', 'KAM'],
      ['ola_frontdesk', 'MKT'],
    ] as const) {
      const step = doc.definitions.find((d) => d.code === code)!.ladder.find((s) => s.atPercent === 100)!;
      step.reassignTo = to;
    }
    ctx.clock.set(sh('2025-03-20 08:00'));
    await publishDeskConfig(ctx, doc, 'admin');
    [{ id: subscription }] = (await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`insert into hub_subscriptions (api, callback, secret, created_by)
          values ('troubleTicket', 'http://127.0.0.1:9/reassign', 'k', 'admin') returning id`,
    )) as [{ id: string }];
  });

  it('at 100 % of ola_ops the ticket moves to KAM and its head, in the sweep, exactly once', async () => {
    const t = await openTicket(ctx, sh('2025-03-20 09:00'), { customerId: c4a.id });
    await act(ctx, sh('2025-03-20 09:05'), t.id, 'stage', { stageCode: 'ops' });
    await act(ctx, sh('2025-03-20 09:05'), t.id, 'assign', { assigneeId: opsId });
    expect((await detailOf(t.id)).deskConfigVersion).toBeGreaterThan(1);
    await sweep(sh('2025-03-20 10:40'));

    const d = await detailOf(t.id);
    expect(d).toMatchObject({
      departmentCode: 'KAM',
      stageCode: 'ops', // the stage does not change
      assigneeId: kamId,
      assigneeName: '张建国(大客户部经理)',
      escalationLevel: 3,
    });
    const step = d.escalations.find((e) => e.definitionCode === 'ola_ops' && e.level === 3)!;
    expect(step.reassignedTo).toBe('KAM');
    expect(step.recipients.map((r) => r.id)).toContain(kamId); // the receiving head is told
    // the hand-over on the timeline: an assign event by the escalation, state after it
    const handover = d.events.filter((e) => e.kind === 'assign' && e.actorName === 'system:escalation');
    expect(handover).toHaveLength(1);
    expect(handover[0]).toMatchObject({
      departmentCode: 'KAM',
      data: {
        from: opsId,
        to: kamId,
        assigneeName: '张建国(大客户部经理)',
        fromDepartment: 'NOC',
        department: 'KAM',
        escalation: { definitionCode: 'ola_ops', level: 3 },
      },
    });
    expect(handover[0]!.reason).toContain('升级改派:NOC → KAM');
    // the webhook event a manual reassignment sends, showing the new department
    const sent = await changeEvents(t.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.event.troubleTicket.troubleTicketCharacteristic).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'departmentCode', value: 'KAM' })]),
    );
    const audit = await queryRows<{ actor: string; before: unknown; after: Record<string, unknown> }>(
      ctx.deps.db,
      sql`select actor_name as actor, before, after from audit_log
          where action = 'assign' and entity = 'ticket' and entity_id = ${t.id} and actor_name = 'system:escalation'`,
    );
    expect(audit).toEqual([
      {
        actor: 'system:escalation',
        before: { departmentCode: 'NOC', assigneeId: opsId },
        after: expect.objectContaining({ departmentCode: 'KAM', assigneeId: kamId, level: 3 }),
      },
    ]);

    // a sweep again (a restart) and the next step (150 %): no second hand-over
    await sweep(sh('2025-03-20 10:40'));
    await sweep(sh('2025-03-20 11:21'));
    const again = await detailOf(t.id);
    expect(
      again.events.filter((e) => e.kind === 'assign' && e.actorName === 'system:escalation'),
    ).toHaveLength(1);
    expect(again).toMatchObject({ departmentCode: 'KAM', assigneeId: kamId });
    expect(await changeEvents(t.id)).toHaveLength(1);
    // one reassign step on record
    const [ola] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from ticket_escalations where ticket_id = ${t.id} and reassigned_to is not null`,
    );
    expect(ola!.n).toBe(1);
  });

  it('to a department without a head: unassigned, in that department’s queue', async () => {
    const t = await openTicket(ctx, sh('2025-03-20 09:00'), { customerId: c4a.id });
    await sweep(sh('2025-03-20 09:20')); // ola_frontdesk: 15 min for 4A
    const d = await detailOf(t.id);
    expect(d).toMatchObject({ departmentCode: 'MKT', stageCode: 'frontdesk', assigneeId: null });
    const handover = d.events.filter((e) => e.kind === 'assign' && e.actorName === 'system:escalation');
    expect(handover.map((e) => [e.departmentCode, e.data?.from, e.data?.to])).toEqual([['MKT', null, null]]);
    expect(handover[0]!.reason).toContain('无部门负责人');
    expect(await changeEvents(t.id)).toHaveLength(1);
    const board = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/tickets?departmentCode=MKT&open=true',
      headers: await ctx.auth('admin'),
    });
    expect(board.json<{ id: string }[]>().map((x) => x.id)).toContain(t.id);
  });
});
