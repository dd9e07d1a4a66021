/**
 * SLA clocks through the API (issue 5 item 2): limits from the entitlements and by level, pause
 * while pending, per-stage cycles, business hours on the official calendar (make-up Sunday
 * 2025-01-26, Spring Festival 01-28…02-04), scope, recompute and config versions.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { DEFAULT_DESK_CONFIG } from '../../src/domain/desk/defaults.ts';
import { JOBS } from '../../src/jobs/jobs.ts';
import { bumpCalendarVersion } from '../../src/modules/calendar/calendar.repo.ts';
import {
  CLOCKS_CALENDAR_KEY,
  recomputeClocksForCalendar,
} from '../../src/modules/desk/calendar-clocks.service.ts';
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

describe('a fault ticket of a 4A customer on 7×24 clocks', () => {
  let id: string;

  it('starts the customer SLA (circuit_fault 6 h) and the front desk limit (15 min for 4A)', async () => {
    const t = await openTicket(ctx, sh('2025-03-03 09:00'), { customerId: c4a.id });
    id = t.id;
    const clocks = await clocksOf(ctx, id);
    expect(clocks.map((c) => [c.definitionCode, c.cycle, c.stage, c.limitMinutes, c.clock])).toEqual([
      ['customer_restore', 1, 'inProgress', 360, '24x7'],
      ['ola_frontdesk', 1, 'inProgress', 15, '24x7'],
    ]);
    expect(clockOf(clocks, 'customer_restore')!.limitSource).toMatchObject({
      kind: 'entitlement',
      itemCode: 'circuit_fault',
      level: 'basic',
      severity: 'major',
      factor: 1,
      wording: '不超过6小时',
    });
    expect(clockOf(clocks, 'ola_frontdesk')!.limitSource).toMatchObject({ kind: 'byLevel', level: '4A' });
    expect(clockOf(clocks, 'ola_frontdesk')!.targetAt).toBe(sh('2025-03-03 09:15'));
  });

  it('moving to ops completes the front desk cycle and starts ola_ops (90 min) and its response (10 min)', async () => {
    await act(ctx, sh('2025-03-03 09:10'), id, 'stage', { stageCode: 'ops' });
    const clocks = await clocksOf(ctx, id);
    expect(clockOf(clocks, 'ola_ops_response')).toMatchObject({
      measure: 'response',
      stage: 'inProgress',
      limitMinutes: 10,
      targetAt: sh('2025-03-03 09:20'),
    });
    // the board's time left is the nearest target: somebody at NOC has to take it by 09:20
    const [row] = await queryRows<{ next: Date }>(
      ctx.deps.db,
      sql`select next_target_at as next from tickets where id = ${id}`,
    );
    expect(new Date(row!.next).toISOString()).toBe(sh('2025-03-03 09:20'));
    expect(clockOf(clocks, 'ola_frontdesk')).toMatchObject({
      stage: 'completed',
      elapsedMinutes: 10,
      stoppedAt: sh('2025-03-03 09:10'),
    });
    expect(clockOf(clocks, 'ola_ops')).toMatchObject({
      stage: 'inProgress',
      limitMinutes: 90,
      targetAt: sh('2025-03-03 10:40'),
    });
  });

  it('taken by an engineer at 09:16: the response limit is met in 6 minutes, ola_ops runs on', async () => {
    await act(ctx, sh('2025-03-03 09:16'), id, 'assign', { assigneeId: await userId(ctx, 'ops') });
    const clocks = await clocksOf(ctx, id);
    expect(clockOf(clocks, 'ola_ops_response')).toMatchObject({
      measure: 'response',
      stage: 'completed',
      elapsedMinutes: 6,
      stoppedAt: sh('2025-03-03 09:16'),
      breached: false,
    });
    expect(clockOf(clocks, 'ola_ops')).toMatchObject({ measure: 'resolution', stage: 'inProgress' });
    expect(clockOf(clocks, 'customer_restore')!.measure).toBeNull();
  });

  it('pending pauses both running clocks; the paused hour is not counted', async () => {
    await act(ctx, sh('2025-03-03 09:30'), id, 'status', { status: 'inProgress' });
    await act(ctx, sh('2025-03-03 09:40'), id, 'status', { status: 'pending', reason: '等待客户开门' });
    ctx.clock.set(sh('2025-03-03 10:20'));
    const paused = await clocksOf(ctx, id);
    expect(clockOf(paused, 'ola_ops')).toMatchObject({ stage: 'paused', elapsedMinutes: 30 });
    expect(clockOf(paused, 'customer_restore')).toMatchObject({ stage: 'paused', elapsedMinutes: 40 });
    await act(ctx, sh('2025-03-03 10:40'), id, 'status', { status: 'inProgress' });
    ctx.clock.set(sh('2025-03-03 11:00'));
    const clocks = await clocksOf(ctx, id);
    // ops: 09:10–09:40 (30) + 10:40–11:00 (20); target = 10:40 + 60 = 11:40
    expect(clockOf(clocks, 'ola_ops')).toMatchObject({
      stage: 'inProgress',
      elapsedMinutes: 50,
      remainingMinutes: 40,
      targetAt: sh('2025-03-03 11:40'),
    });
    expect(clockOf(clocks, 'ola_ops')!.percent).toBeCloseTo(55.6, 1);
    expect(clockOf(clocks, 'customer_restore')).toMatchObject({
      elapsedMinutes: 60,
      targetAt: sh('2025-03-03 16:00'),
    });
    const [row] = await queryRows<{ next: Date; breached: boolean }>(
      ctx.deps.db,
      sql`select next_target_at as next, breached from tickets where id = ${id}`,
    );
    expect(new Date(row!.next).toISOString()).toBe(sh('2025-03-03 11:40'));
    expect(row!.breached).toBe(false);
  });

  it('elapsed comes from the history: a breach shows as soon as the limit is passed', async () => {
    ctx.clock.set(sh('2025-03-03 11:45'));
    const clocks = await clocksOf(ctx, id);
    expect(clockOf(clocks, 'ola_ops')).toMatchObject({
      breached: true,
      breachedAt: sh('2025-03-03 11:40'),
      remainingMinutes: -5,
    });
  });

  it('back to the front desk starts a new front desk cycle; resolve stops everything', async () => {
    await act(ctx, sh('2025-03-03 12:00'), id, 'stage', { stageCode: 'frontdesk' });
    await act(ctx, sh('2025-03-03 12:05'), id, 'status', { status: 'resolved' });
    ctx.clock.set(sh('2025-03-03 13:00'));
    const clocks = await clocksOf(ctx, id);
    expect(clocks.map((c) => [c.definitionCode, c.cycle, c.stage, c.elapsedMinutes])).toEqual([
      ['customer_restore', 1, 'completed', 125],
      ['ola_frontdesk', 1, 'completed', 10],
      ['ola_ops', 1, 'completed', 110],
      ['ola_ops_response', 1, 'completed', 6],
      ['ola_frontdesk', 2, 'completed', 5],
    ]);
    const [row] = await queryRows<{ next: Date | null; breached: boolean }>(
      ctx.deps.db,
      sql`select next_target_at as next, breached from tickets where id = ${id}`,
    );
    expect(row).toEqual({ next: null, breached: true });
  });

  it('is 404 outside the caller scope and 401 without a session', async () => {
    const [other] = await queryRows<{ username: string }>(
      ctx.deps.db,
      sql`select username from users where role = 'account_manager' and id <> ${c4a.accountManagerId} order by username limit 1`,
    );
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${id}/clocks`,
      headers: await ctx.auth(other!.username),
    });
    expect(res.statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${id}/clocks` })).statusCode).toBe(
      401,
    );
  });
});

describe('severity factor and customer level', () => {
  it('a critical fault gets half the standard (180 min), a minor one twice (720 min)', async () => {
    const crit = await openTicket(ctx, sh('2025-03-04 09:00'), { customerId: c4a.id, severity: 'critical' });
    const minor = await openTicket(ctx, sh('2025-03-04 09:00'), { customerId: c4a.id, severity: 'minor' });
    expect(clockOf(await clocksOf(ctx, crit.id), 'customer_restore')).toMatchObject({
      limitMinutes: 180,
      targetAt: sh('2025-03-04 12:00'),
    });
    expect(clockOf(await clocksOf(ctx, minor.id), 'customer_restore')!.limitMinutes).toBe(720);
  });

  it('a new severity (TMF621 PATCH or POST …/severity) recomputes the limits and the priority, audited', async () => {
    const t = await openTicket(ctx, sh('2025-03-04 09:00'), { customerId: c4a.id, severity: 'minor' });
    expect(clockOf(await clocksOf(ctx, t.id), 'customer_restore')!.limitMinutes).toBe(720);
    const detail = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/tickets/${t.id}`,
          headers: await ctx.auth('admin'),
        })
      ).json<{ severity: string; priority: number; nextTargetAt: string | null }>();
    expect((await detail()).priority).toBe(3);
    ctx.clock.set(sh('2025-03-04 09:05'));
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/tmf-api/troubleTicket/v5/troubleTicket/${t.id}`,
      headers: { ...(await ctx.auth('ops')), 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ severity: 'Critical' }),
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ severity: 'critical', priority: '0' });
    // the default desk configuration: circuit_fault 6 h × 0.5 for critical; 4A critical → priority 0
    expect(clockOf(await clocksOf(ctx, t.id), 'customer_restore')).toMatchObject({
      limitMinutes: 180,
      targetAt: sh('2025-03-04 12:00'),
      limitSource: { severity: 'critical', factor: 0.5 },
    });
    expect(clockOf(await clocksOf(ctx, t.id), 'ola_frontdesk')!.limitMinutes).toBe(15);
    expect(await detail()).toMatchObject({
      severity: 'critical',
      priority: 0,
      nextTargetAt: sh('2025-03-04 09:15'),
    });
    const [audit] = await queryRows<{ actor_name: string; before: unknown; after: unknown }>(
      ctx.deps.db,
      sql`select actor_name, before, after from audit_log where entity = 'ticket' and entity_id = ${t.id}
        and action = 'update' order by id desc limit 1`,
    );
    expect(audit).toMatchObject({
      actor_name: 'ops',
      before: { severity: 'minor', priority: 3 },
      after: { severity: 'critical', priority: 0, clocks: { customer_restore: 180, ola_frontdesk: 15 } },
    });

    // the desk's action: a reason is required; back to major → 360 min, priority 1
    const severity = async (body: Record<string, unknown>, who = 'frontdesk') =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${t.id}/severity`,
        headers: await ctx.auth(who),
        payload: body,
      });
    const noReason = await severity({ severity: 'major' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await severity({ severity: 'major', reason: 'x' }, 'analyst')).statusCode).toBe(403);
    ctx.clock.set(sh('2025-03-04 09:10'));
    const done = await severity({ severity: 'major', reason: '客户确认仅部分业务受影响' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ severity: 'major', priority: 1 });
    expect(done.json().events.at(-1)).toMatchObject({
      kind: 'attribute',
      reason: '客户确认仅部分业务受影响',
      data: { before: { severity: 'critical', priority: 0 }, after: { severity: 'major', priority: 1 } },
    });
    expect(clockOf(await clocksOf(ctx, t.id), 'customer_restore')!.limitMinutes).toBe(360);

    // once resolved, the severity is part of the SLA record
    await act(ctx, sh('2025-03-04 09:20'), t.id, 'status', { status: 'resolved' });
    const late = await severity({ severity: 'critical', reason: '补录' });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json()).toMatchObject({ code: 'ILLEGAL_TRANSITION', errors: [{ field: 'severity' }] });
  });

  it('a customer below 3A (or without tier) gets the basic front desk limit (30 min)', async () => {
    const none = await customerWithTier(ctx, ['2A', '1A', 'C', 'none']);
    const t = await openTicket(ctx, sh('2025-03-04 09:00'), { customerId: none.id });
    expect(clockOf(await clocksOf(ctx, t.id), 'ola_frontdesk')).toMatchObject({
      limitMinutes: 30,
      limitSource: { level: 'basic' },
    });
  });
});

describe('business hours on the official calendar', () => {
  it('an inquiry opened Friday 2025-01-24 17:00 runs on the make-up Sunday 01-26', async () => {
    const t = await openTicket(ctx, sh('2025-01-24 17:00'), {
      customerId: c4a.id,
      ticketType: 'inquiry',
      severity: 'minor',
    });
    ctx.clock.set(sh('2025-01-25 12:00'));
    const clocks = await clocksOf(ctx, t.id);
    // 4A: 120 business minutes: 30 on Friday, 90 on Sunday 08:30–10:00
    expect(clockOf(clocks, 'customer_inquiry')).toMatchObject({
      clock: 'business',
      limitMinutes: 120,
      elapsedMinutes: 30,
      targetAt: sh('2025-01-26 10:00'),
    });
  });

  it('a complaint at the key account department skips the Spring Festival 01-28…02-04', async () => {
    const t = await openTicket(ctx, sh('2025-01-27 09:00'), { customerId: c4a.id, ticketType: 'complaint' });
    await act(ctx, sh('2025-01-27 09:00'), t.id, 'stage', { stageCode: 'kam' });
    ctx.clock.set(sh('2025-02-03 12:00'));
    const clocks = await clocksOf(ctx, t.id);
    // ola_kam 120 business min for 4A: Monday 09:00–11:00, so already breached on 01-27 11:00
    expect(clockOf(clocks, 'ola_kam')).toMatchObject({ breached: true, breachedAt: sh('2025-01-27 11:00') });
    // complaint_response for 4A: 2 h on 7×24 → 11:00 the same day
    expect(clockOf(clocks, 'customer_complaint')).toMatchObject({ limitMinutes: 120, clock: '24x7' });
  });
});

describe('recompute and config versions', () => {
  let id: string;

  it('a ticket keeps its config version; recompute toCurrentVersion moves it', async () => {
    const t = await openTicket(ctx, sh('2025-03-05 09:00'), { customerId: c4a.id });
    id = t.id;
    await act(ctx, sh('2025-03-05 09:05'), id, 'stage', { stageCode: 'ops' });
    const doc = structuredClone(DEFAULT_DESK_CONFIG);
    const ops = doc.definitions.find((d) => d.code === 'ola_ops')!;
    if (ops.limit.kind === 'byLevel') ops.limit.minutes['4A'] = 60;
    ctx.clock.set(sh('2025-03-05 09:10'));
    const version = await publishDeskConfig(ctx, doc);
    const kam = await ctx.auth('kam');

    ctx.clock.set(sh('2025-03-05 09:20'));
    expect(clockOf(await clocksOf(ctx, id), 'ola_ops')).toMatchObject({
      limitMinutes: 90,
      deskConfigVersion: 1,
    });

    const fd = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/clocks/recompute`,
      headers: await ctx.auth('frontdesk'),
      payload: {},
    });
    expect(fd.statusCode).toBe(403);
    const same = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/clocks/recompute`,
      headers: kam,
      payload: {},
    });
    expect(clockOf(same.json(), 'ola_ops')).toMatchObject({
      limitMinutes: 90,
      deskConfigVersion: 1,
      elapsedMinutes: 15,
    });
    const moved = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/clocks/recompute`,
      headers: kam,
      payload: { toCurrentVersion: true },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(clockOf(moved.json(), 'ola_ops')).toMatchObject({
      limitMinutes: 60,
      deskConfigVersion: version,
      elapsedMinutes: 15,
      targetAt: sh('2025-03-05 10:05'),
    });
    const [audit] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'ticket' and entity_id = ${id} and action = 'recompute'`,
    );
    expect(audit!.n).toBe(2);
  });

  it('POST /desk/recompute recomputes every open ticket (admin only)', async () => {
    ctx.clock.set(sh('2025-03-05 09:30'));
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/desk/recompute',
          headers: await ctx.auth('kam'),
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/desk/recompute',
      headers: await ctx.auth('admin'),
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ tickets: number; changed: number }>();
    const [open] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from tickets where status not in ('closed', 'cancelled', 'rejected')`,
    );
    expect(body.tickets).toBe(open!.n);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/desk/recompute',
      headers: await ctx.auth('admin'),
      payload: {},
    });
    expect(again.json()).toEqual({ tickets: open!.n, changed: 0 });
  });

  it('a calendar change left behind (the process died after the import) is caught up by the job, once', async () => {
    const job = JOBS.find((j) => j.name === 'desk-clocks-calendar')!;
    expect(job.everySeconds).toBe(60);
    const at = new Date(sh('2025-03-05 10:00'));
    await job.run(ctx.deps, at); // the first run on a database starts watching
    expect(await job.run(ctx.deps, at)).toEqual({ tickets: 0, changed: 0 });
    const t = await openTicket(ctx, sh('2025-03-05 09:40'), { customerId: c4a.id, ticketType: 'inquiry' });
    expect(clockOf(await clocksOf(ctx, t.id), 'customer_inquiry')).toMatchObject({
      clock: 'business',
      provisional: false,
    });
    // one made after the instant the job evaluates (`tierline sweep --at` may name a past one)
    const later = await openTicket(ctx, sh('2025-03-05 10:30'), {
      customerId: c4a.id,
      ticketType: 'inquiry',
    });
    // the calendar data changed and nothing recomputed yet
    await ctx.deps.db.transaction((tx) => bumpCalendarVersion(tx, at));
    const marker = async () =>
      (
        await queryRows<{ value: { version: number; claim?: unknown } }>(
          ctx.deps.db,
          sql`select value from app_meta where key = ${CLOCKS_CALENDAR_KEY}`,
        )
      )[0]!.value;
    const behind = await marker();
    // another process holding a live claim: left to it
    const claim = (until: string) =>
      ctx.deps.db.execute(
        sql`update app_meta set value = ${JSON.stringify({ version: behind.version, claim: { version: behind.version + 1, until } })}::jsonb
            where key = ${CLOCKS_CALENDAR_KEY}`,
      );
    await claim('2999-01-01T00:00:00.000Z');
    expect(await job.run(ctx.deps, at)).toEqual({ tickets: 0, changed: 0 });
    // its lease ran out (it died too): this process takes over
    await claim('2000-01-01T00:00:00.000Z');
    const [expected] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from tickets t where t.status not in ('closed', 'cancelled', 'rejected')
          and exists (select 1 from sla_instances s where s.ticket_id = t.id
            and s.stage in ('inProgress', 'paused') and s.clock->>'kind' = 'businessHours')`,
    );
    expect(expected!.n).toBeGreaterThanOrEqual(1);
    const cancelled = async () =>
      (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from sla_instances where stage = 'cancelled'`,
        )
      )[0]!.n;
    const cancelledBefore = await cancelled();
    const r = await job.run(ctx.deps, at);
    expect(r.tickets).toBe(expected!.n);
    expect(await marker()).toEqual({ version: behind.version + 1, claim: null });
    expect(await job.run(ctx.deps, at)).toEqual({ tickets: 0, changed: 0 });
    const audit = await queryRows<{ actor: string; after: Record<string, unknown> }>(
      ctx.deps.db,
      sql`select actor_name as actor, after from audit_log where action = 'recompute' and entity = 'deskConfig'
          and after->>'trigger' = 'calendar'`,
    );
    expect(audit).toEqual([
      {
        actor: 'system:desk-clocks',
        after: {
          trigger: 'calendar',
          calendarVersion: behind.version + 1,
          regions: null,
          tickets: expected!.n,
          changed: r.changed,
        },
      },
    ]);
    // a ticket changed after `at` is recomputed as of its last change, not rewound to before its
    // history: none of its clocks is cancelled for want of events
    expect(await cancelled()).toBe(cancelledBefore);
    expect(clockOf(await clocksOf(ctx, later.id), 'customer_inquiry')!.stage).toBe('inProgress');
  });

  it("a regional schedule recomputes only its region's tickets; a national one, or changes it cannot vouch for, every region", async () => {
    const at = new Date(sh('2025-03-06 10:00'));
    await recomputeClocksForCalendar(ctx.deps, at); // nothing left behind by the tests before
    const [other] = await queryRows<{ id: string; regionCode: string }>(
      ctx.deps.db,
      sql`select id, region_code as "regionCode" from customers
          where region_code is not null and region_code <> ${c4a.regionCode} order by code limit 1`,
    );
    await openTicket(ctx, sh('2025-03-06 09:30'), { customerId: c4a.id, ticketType: 'inquiry' });
    await openTicket(ctx, sh('2025-03-06 09:31'), { customerId: other!.id, ticketType: 'inquiry' }, 'admin');
    const openIn = async (region?: string) =>
      (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from tickets t where t.status not in ('closed', 'cancelled', 'rejected')
              ${region ? sql`and t.region_code = ${region}` : sql``}
              and exists (select 1 from sla_instances s where s.ticket_id = t.id
                and s.stage in ('inProgress', 'paused') and s.clock->>'kind' = 'businessHours')`,
        )
      )[0]!.n;
    const mine = await openIn(c4a.regionCode);
    const theirs = await openIn(other!.regionCode);
    const all = await openIn();
    expect(mine).toBeGreaterThanOrEqual(1);
    expect(theirs).toBeGreaterThanOrEqual(1);
    const admin = await ctx.auth('admin');
    const importFor = async (region: string | null, date: string) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/calendar/import${region ? `?region=${region}` : ''}`,
        headers: admin,
        payload: { year: 2025, region, source: 'test', days: [{ date, kind: 'holiday', name: '示例' }] },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().recomputed.ticketClocks as number | null;
    };
    const lastAudit = async () =>
      (
        await queryRows<{ after: { regions: string[] | null; tickets: number } }>(
          ctx.deps.db,
          sql`select after from audit_log where action = 'recompute' and entity = 'deskConfig'
              and after->>'trigger' = 'calendar' order by id desc limit 1`,
        )
      )[0]!.after;

    // a regional import: its region's tickets only
    expect(await importFor(c4a.regionCode, '2025-12-01')).toBe(mine);
    expect(await lastAudit()).toMatchObject({ regions: [c4a.regionCode], tickets: mine });

    // two regional imports while another process holds the recompute: both regions, once
    const marker = async () =>
      (
        await queryRows<{ value: { version: number; claim?: unknown; regions?: string[] } }>(
          ctx.deps.db,
          sql`select value from app_meta where key = ${CLOCKS_CALENDAR_KEY}`,
        )
      )[0]!.value;
    const setClaim = async (until: string) => {
      const m = await marker();
      await ctx.deps.db.execute(
        sql`update app_meta set value = ${JSON.stringify({ ...m, claim: { version: m.version + 1, until } })}::jsonb
            where key = ${CLOCKS_CALENDAR_KEY}`,
      );
    };
    await setClaim('2999-01-01T00:00:00.000Z');
    expect(await importFor(other!.regionCode, '2025-12-02')).toBeNull(); // left to the claim's holder
    expect(await importFor(c4a.regionCode, '2025-12-03')).toBeNull();
    expect((await marker()).regions).toEqual([c4a.regionCode, other!.regionCode].sort());
    await setClaim('2000-01-01T00:00:00.000Z'); // it died: the job takes over
    expect(await recomputeClocksForCalendar(ctx.deps, at)).toMatchObject({
      regions: [c4a.regionCode, other!.regionCode].sort(),
      tickets: mine + theirs,
    });

    // a change the marker did not see (a seeded year bumps the version without telling it): every region
    await importFor(c4a.regionCode, '2025-12-04');
    await setClaim('2999-01-01T00:00:00.000Z');
    await importFor(c4a.regionCode, '2025-12-05');
    await ctx.deps.db.transaction((tx) => bumpCalendarVersion(tx, at));
    await setClaim('2000-01-01T00:00:00.000Z');
    expect(await recomputeClocksForCalendar(ctx.deps, at)).toMatchObject({ regions: null, tickets: all });

    // a national import: every region
    expect(await importFor(null, '2025-12-08')).toBe(all);
    expect(await lastAudit()).toMatchObject({ regions: null, tickets: all });
    ctx.clock.set(new Date());
  });

  it("a customer moved to a region with days of its own takes its open tickets' clocks onto that calendar", async () => {
    const t = await openTicket(ctx, sh('2025-03-10 09:00'), { customerId: c4a.id, ticketType: 'inquiry' });
    const target = async () => clockOf(await clocksOf(ctx, t.id), 'customer_inquiry')!.targetAt!;
    const before = await target();
    const [region] = await queryRows<{ code: string }>(
      ctx.deps.db,
      sql`select code from regions where code <> ${c4a.regionCode}
          and code not in (select region from calendar_entries) order by code limit 1`,
    );
    const admin = await ctx.auth('admin');
    // that region's own holiday on the day the inquiry is due
    const holiday = new Date(new Date(before).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const imported = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/calendar/import?region=${region!.code}`,
      headers: admin,
      payload: {
        year: 2025,
        region: region!.code,
        source: 'test',
        days: [{ date: holiday, kind: 'holiday', name: '地方假日' }],
      },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(await target()).toBe(before); // not its region (yet)
    const move = async (regionCode: string) => {
      ctx.clock.set(sh('2025-03-10 10:00'));
      const version = (
        await ctx.app.inject({ method: 'GET', url: `/api/v1/customers/${c4a.id}`, headers: admin })
      ).json().version;
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/customers/${c4a.id}`,
        headers: admin,
        payload: { version, regionCode, reason: '迁址' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [audit] = await queryRows<{ after: { regionMoved?: { clocksRecomputed?: number } } }>(
        ctx.deps.db,
        sql`select after from audit_log where entity = 'customer' and entity_id = ${c4a.id} order by id desc limit 1`,
      );
      return audit!.after.regionMoved;
    };
    const there = await move(region!.code);
    expect(there?.clocksRecomputed).toBeGreaterThanOrEqual(1);
    const moved = await target();
    expect(new Date(moved).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(new Date(new Date(moved).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)).not.toBe(holiday);
    // and back: the national calendar again, the same target as at first
    const back = await move(c4a.regionCode);
    expect(back?.clocksRecomputed).toBeGreaterThanOrEqual(1);
    expect(await target()).toBe(before);
    ctx.clock.set(new Date());
  });
});
