import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { importSchedule } from '../../src/modules/calendar/calendar.service.ts';
import {
  findDeadline,
  onDeadlinesRecomputed,
  registerDeadline,
} from '../../src/modules/calendar/deadlines.ts';
import { recomputeClocksForCalendar } from '../../src/modules/desk/calendar-clocks.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { clockOf, clocksOf, LONG_SESSIONS, openTicket, sh } from './desk-fixtures.ts';

let ctx: TestContext;
let headers: { authorization: string };
let admin: { authorization: string };
beforeAll(async () => {
  ctx = await createTestContext({ config: LONG_SESSIONS }); // the clock visits the end of 2027
  headers = await ctx.auth('frontdesk');
  admin = await ctx.auth('admin');
});
afterAll(() => ctx.close());

const get = (url: string, h = headers) => ctx.app.inject({ method: 'GET', url, headers: h });

/** The official 2027 schedule as an administrator would import it (test data, not a real notice). */
const schedule2027 = {
  year: 2027,
  region: null,
  source: 'test',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'holiday', name: '春节' },
    { date: '2027-02-07', kind: 'holiday', name: '春节' },
    { date: '2027-02-08', kind: 'holiday', name: '春节' },
    { date: '2027-02-09', kind: 'holiday', name: '春节' },
    { date: '2027-02-10', kind: 'holiday', name: '春节' },
    { date: '2027-02-11', kind: 'holiday', name: '春节' },
    { date: '2027-02-12', kind: 'holiday', name: '春节' },
    { date: '2027-02-13', kind: 'holiday', name: '春节' },
    { date: '2027-02-20', kind: 'makeupWorkday', name: '春节调休' },
  ],
};

describe('stable calendar endpoints', () => {
  it('adds working days across a Sunday make-up day (2025-01-24 + 1 → 2025-01-26)', async () => {
    const res = await get('/api/v1/calendar/workdays/add?from=2025-01-24&days=1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date: '2025-01-26', provisional: false });
  });

  it.each([
    ['2025-01-27', 1, '2025-02-05'],
    ['2025-01-27', 3, '2025-02-07'],
    ['2025-02-07', 1, '2025-02-08'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-09-30', 1, '2026-10-08'],
  ])('%s + %i working days → %s', async (from, days, date) => {
    expect((await get(`/api/v1/calendar/workdays/add?from=${from}&days=${days}`)).json()).toEqual({
      date,
      provisional: false,
    });
  });

  it('counts working days after from up to and including to', async () => {
    expect((await get('/api/v1/calendar/workdays/count?from=2025-01-24&to=2025-02-08')).json()).toEqual({
      count: 6, // Jan 26 (make-up Sunday), Jan 27, Feb 5, 6, 7, Feb 8 (make-up Saturday)
      provisional: false,
    });
  });

  it('counts 2025 and 2026 whole years', async () => {
    // 261 weekdays − 18 weekday holidays + 5 make-up days; 2026: 261 − 19 + 6.
    expect((await get('/api/v1/calendar/workdays/count?from=2024-12-31&to=2025-12-31')).json().count).toBe(
      248,
    );
    expect((await get('/api/v1/calendar/workdays/count?from=2025-12-31&to=2026-12-31')).json().count).toBe(
      248,
    );
  });

  it('marks answers past the horizon as provisional', async () => {
    const res = (await get('/api/v1/calendar/workdays/add?from=2026-12-30&days=5')).json();
    expect(res.provisional).toBe(true);
    expect(
      (await get('/api/v1/calendar/workdays/count?from=2026-12-01&to=2027-01-05')).json().provisional,
    ).toBe(true);
  });
});

describe('bad input names the field', () => {
  it.each([
    ['/api/v1/calendar/workdays/add?from=2025-01-24&days=-1', 'days'],
    ['/api/v1/calendar/workdays/add?from=2025-01-24&days=abc', 'days'],
    ['/api/v1/calendar/workdays/add?from=2025-02-30&days=1', 'from'],
    ['/api/v1/calendar/workdays/add?from=2025-01-24', 'days'],
    ['/api/v1/calendar/workdays/add?from=2025-01-24&days=1&colour=red', 'colour'],
    ['/api/v1/calendar/workdays/count?from=2025-01-24&to=2025-13-01', 'to'],
    ['/api/v1/calendar/days?year=20x6', 'year'],
  ])('%s → 400 naming %s', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a backwards range', async () => {
    const res = await get('/api/v1/calendar/workdays/count?from=2025-02-01&to=2025-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'INVALID_RANGE',
      errors: [expect.objectContaining({ field: 'to' })],
    });
  });

  it('needs a session', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/calendar/workdays/add?from=2025-01-24&days=1',
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('year view and clocks', () => {
  it('lists a year with holidays and make-up days', async () => {
    const body = (await get('/api/v1/calendar/days?year=2026')).json();
    expect(body.items).toHaveLength(365);
    const day = (d: string) => body.items.find((i: { date: string }) => i.date === d);
    expect(day('2026-02-14')).toMatchObject({ kind: 'makeupWorkday', workday: true });
    expect(day('2026-02-28')).toMatchObject({ kind: 'makeupWorkday', workday: true });
    expect(day('2026-02-16')).toMatchObject({ kind: 'holiday', workday: false });
    expect(body.provisional).toBe(false);
  });

  it('reports the loaded years and horizon', async () => {
    const body = (await get('/api/v1/calendar/years')).json();
    expect(body.horizon.lastYear).toBeGreaterThanOrEqual(2026);
    expect(body.items.map((i: { year: number }) => i.year)).toEqual(
      expect.arrayContaining([2020, 2025, 2026]),
    );
  });

  it('computes business-hours deadlines across lunch, nights and holidays', async () => {
    // Friday 2025-01-24 16:30 Shanghai + 4 business hours: 1 h on Friday, then Sunday 26th (make-up day) 08:30 + 3 h.
    const res = await get(
      '/api/v1/calendar/deadline?startAt=2025-01-24T16:30:00%2B08:00&minutes=240&clock=businessHours',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dueAt: '2025-01-26T03:30:00.000Z',
      dueDate: '2025-01-26',
      provisional: false,
    });
    const h24 = await get(
      '/api/v1/calendar/deadline?startAt=2025-01-24T16:30:00%2B08:00&minutes=240&clock=24x7',
    );
    expect(h24.json().dueAt).toBe('2025-01-24T12:30:00.000Z');
    const both = await get(
      '/api/v1/calendar/deadline?startAt=2025-01-24T16:30:00%2B08:00&minutes=1&workdays=1',
    );
    expect(both.statusCode).toBe(400);
  });
});

describe('import of a new schedule', () => {
  it('is admin-only', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import',
      headers,
      payload: schedule2027,
    });
    expect(res.statusCode).toBe(403);
  });

  it('rejects a malformed file whole, listing every problem, and changes nothing', async () => {
    const auditBefore = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`SELECT count(*)::int AS n FROM audit_log`,
    );
    const bad = {
      ...schedule2027,
      days: [
        ...schedule2027.days,
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-30', kind: 'holiday', name: 'x' },
        { date: '2027-03-03', kind: 'makeupWorkday', name: 'a Wednesday' },
        { date: '2027-04-05', kind: 'festival', name: '清明' },
      ],
    };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import',
      headers: admin,
      payload: bad,
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('CALENDAR_SCHEDULE_INVALID');
    expect(body.errors.length).toBeGreaterThanOrEqual(4);
    const years = (await get('/api/v1/calendar/years')).json();
    expect(years.items.some((i: { year: number }) => i.year === 2027)).toBe(false);
    const auditAfter = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`SELECT count(*)::int AS n FROM audit_log`,
    );
    expect(auditAfter[0]!.n).toBe(auditBefore[0]!.n);
  });

  it('rejects a partial CSV', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holi',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CALENDAR_SCHEDULE_INVALID');
  });

  it('rolls back entirely when the import fails midway', async () => {
    // A deadline owner whose listener fails: the whole import must vanish with it.
    const cal = await ctx.deps.calendars.get(ctx.deps.db);
    await ctx.deps.db.transaction((tx) =>
      registerDeadline(tx, cal, {
        owner: 'test.failing',
        ownerId: 'x1',
        rule: { kind: 'workdays', startAt: '2026-12-30T01:00:00Z', workdays: 3, clock: { kind: '24x7' } },
        at: new Date(),
      }),
    );
    onDeadlinesRecomputed('test.failing', async () => {
      throw new Error('simulated crash during import');
    });
    await expect(
      importSchedule(ctx.deps, systemActor('test'), { format: 'json', value: schedule2027 }),
    ).rejects.toThrow(/simulated crash/);
    const years = (await get('/api/v1/calendar/years')).json();
    expect(years.items.some((i: { year: number }) => i.year === 2027)).toBe(false);
    const rows = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`SELECT count(*)::int AS n FROM calendar_entries WHERE day >= '2027-01-01'`,
    );
    expect(rows[0]!.n).toBe(0);
    onDeadlinesRecomputed('test.failing', async () => {});
  });

  it('imports a year, ends the provisional answers and recomputes registered deadlines', async () => {
    const cal = await ctx.deps.calendars.get(ctx.deps.db);
    const changes: string[] = [];
    onDeadlinesRecomputed('test.order', async (_tx, list) => {
      changes.push(...list.map((c) => `${c.ownerId}:${c.before.dueDate}→${c.after.dueDate}`));
    });
    const due = await ctx.deps.db.transaction((tx) =>
      registerDeadline(tx, cal, {
        owner: 'test.order',
        ownerId: 'o1',
        // Friday 2027-02-05 + 1 working day: provisionally Monday 02-08; with the imported schedule
        // the Spring Festival runs to Saturday 02-13, so it becomes Monday 02-15.
        rule: { kind: 'workdays', startAt: '2027-02-05T02:00:00Z', workdays: 1, clock: { kind: '24x7' } },
        at: new Date(),
      }),
    );
    expect(due).toMatchObject({ dueDate: '2027-02-08', provisional: true });

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import',
      headers: admin,
      payload: schedule2027,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, region: null, entryCount: 10 });
    expect(res.json().recomputedDeadlines).toBeGreaterThanOrEqual(1);

    const after = await ctx.deps.db.transaction((tx) => findDeadline(tx, 'test.order', 'o1'));
    expect(after).toMatchObject({ dueDate: '2027-02-15', provisional: false });
    expect(changes).toContain('o1:2027-02-08→2027-02-15');

    const add = (await get('/api/v1/calendar/workdays/add?from=2027-02-05&days=1')).json();
    expect(add).toEqual({ date: '2027-02-15', provisional: false });
    const audit = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/audit?entity=calendarYear&entityId=CN:2027',
      headers: admin,
    });
    expect(audit.json()[0]).toMatchObject({ action: 'import', actorName: 'admin' });
  });

  it('imports regional extra days for one region only', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import?region=GD-SZ',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: 'date,kind,name\n2026-03-02,holiday,深圳特区纪念日(示例)\n',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ region: 'GD-SZ', year: 2026, entryCount: 1 });
    const national = (await get('/api/v1/calendar/workdays/add?from=2026-02-27&days=2')).json();
    const regional = (await get('/api/v1/calendar/workdays/add?from=2026-02-27&days=2&region=GD-SZ')).json();
    expect(national.date).toBe('2026-03-02'); // 02-28 is a make-up Saturday, then Monday 03-02
    expect(regional.date).toBe('2026-03-03');
  });

  it('recomputes the open tickets’ business-hours clocks: provisional targets become firm, audited once', async () => {
    // An inquiry (customer_inquiry: business hours) opened Friday 2027-12-31 16:00, when 2028 is not
    // loaded: its target falls on Monday 2028-01-03 — provisionally a working day.
    const [customer] = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from customers where region_code like 'GD%' order by code limit 1`,
    );
    const t = await openTicket(ctx, sh('2027-12-31 16:00'), {
      customerId: customer!.id,
      ticketType: 'inquiry',
    });
    const before = clockOf(await clocksOf(ctx, t.id), 'customer_inquiry')!;
    expect(before).toMatchObject({ stage: 'inProgress', provisional: true });
    expect(before.targetAt!.slice(0, 10)).toBe('2028-01-03');
    const stored = async () => {
      const [row] = await queryRows<{ targetAt: string; provisional: boolean; nextCheckAt: string | null }>(
        ctx.deps.db,
        sql`select target_at as "targetAt", provisional, next_check_at as "nextCheckAt" from sla_instances
            where ticket_id = ${t.id}::uuid and definition_code = 'customer_inquiry'`,
      );
      return {
        targetAt: new Date(row!.targetAt),
        provisional: row!.provisional,
        nextCheckAt: row!.nextCheckAt === null ? null : new Date(row!.nextCheckAt),
      };
    };
    const old = await stored();
    expect(old.provisional).toBe(true);

    // The 2028 schedule makes Monday 01-03 a holiday (test data): the target moves a working day on.
    ctx.clock.set(sh('2027-12-31 16:30'));
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import',
      headers: admin,
      payload: {
        year: 2028,
        region: null,
        source: 'test',
        days: [{ date: '2028-01-03', kind: 'holiday', name: '元旦(示例)' }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().recomputed.ticketClocks).toBeGreaterThanOrEqual(1);
    const now = await stored();
    expect(now.provisional).toBe(false);
    expect(now.targetAt.getTime() - old.targetAt.getTime()).toBe(86_400_000);
    expect(now.nextCheckAt!.getTime()).toBeGreaterThan(old.nextCheckAt!.getTime()); // the next threshold moved too
    const after = clockOf(await clocksOf(ctx, t.id), 'customer_inquiry')!;
    expect(after).toMatchObject({ provisional: false, targetAt: now.targetAt.toISOString() });
    const ticket = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}`, headers: admin });
    expect(ticket.json().expectedResolutionDate).toBe(now.targetAt.toISOString());

    // one audit entry for the whole recompute, by the importing admin
    const audit = await queryRows<{ actor: string; after: Record<string, unknown> }>(
      ctx.deps.db,
      sql`select actor_name as actor, after from audit_log where action = 'recompute' and entity = 'deskConfig'
          and after->>'trigger' = 'calendar' and after->>'calendarVersion' = (
            select value::text from app_meta where key = 'calendar.version')`,
    );
    expect(audit).toEqual([
      {
        actor: 'admin',
        after: expect.objectContaining({ trigger: 'calendar', tickets: expect.any(Number) }),
      },
    ]);
    // nothing left behind: the job finds nothing to do
    expect(await recomputeClocksForCalendar(ctx.deps, ctx.clock.now)).toBeNull();
    ctx.clock.set(new Date());
  });
});
