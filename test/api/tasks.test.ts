/**
 * Mandatory-action tasks over HTTP (PRODUCT.md §4): idempotent generation (twice, and two at once),
 * due dates on working days, customers added since, completion with evidence by the owner only,
 * reassignment and cancellation, the month calendar, scoping, and the scheduled job.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionTasks, contacts, customers } from '../../src/db/schema.ts';
import { isWorkday } from '../../src/domain/calendar/calendar.ts';
import { runSweep } from '../../src/jobs/jobs.ts';
import { generateTasks } from '../../src/modules/tasks/generation.service.ts';
import { makeCustomer, userId } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };
let kam: { authorization: string };
let am1: { authorization: string };
let am2: { authorization: string };
let am1Id: string;
let am2Id: string;

/** Customers of this file: a 5A and a 3A of am1, a 1A of am2, each with a core contact. */
const mine: { c5: string; c3: string; c1: string } = { c5: '', c3: '', c1: '' };

type Task = {
  id: number;
  customerId: string;
  actionCode: string;
  actionName: string;
  occurrenceKey: string;
  dueDate: string;
  status: string;
  overdue: boolean;
  ownerId: string;
  contactName: string | null;
  evidence: { note: string; channel: string; attachments: unknown[] } | null;
  completedDate: string | null;
};

const post = (url: string, headers: { authorization: string }, payload: unknown = {}) =>
  ctx.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
const get = (url: string, headers: { authorization: string }) =>
  ctx.app.inject({ method: 'GET', url, headers });

async function contact(customerId: string, name: string, role: string, birthday: string) {
  await ctx.deps.db.insert(contacts).values({ customerId, name, role, birthday });
}

async function tasksOf(customerIds: string[]) {
  return ctx.deps.db
    .select()
    .from(actionTasks)
    .where(inArray(actionTasks.customerId, customerIds))
    .orderBy(actionTasks.id);
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.auth('admin');
  kam = await ctx.auth('kam');
  am1 = await ctx.auth('am1');
  am2 = await ctx.auth('am2');
  am1Id = await userId(ctx, 'am1');
  am2Id = await userId(ctx, 'am2');
  mine.c5 = await makeCustomer(ctx, { am: 'am1', tier: '5A', stars: 5 });
  mine.c3 = await makeCustomer(ctx, { am: 'am1', tier: '3A', stars: 3 });
  mine.c1 = await makeCustomer(ctx, { am: 'am2', tier: '1A', stars: 1, region: 'GD-SZ' });
  await contact(mine.c5, '陈总', 'core', '1975-03-22'); // Sunday 2026-03-22 → Friday 03-20
  await contact(mine.c5, '林主任', 'important', '1982-04-05'); // 清明 → 2026-04-03
  await contact(mine.c5, '黄专员', 'ordinary', '1990-03-10'); // ordinary: no care
  await contact(mine.c3, '吴局长', 'core', '1968-03-31');
  await contact(mine.c3, '郑主任', 'important', '1970-03-12'); // 3A: core only
  await contact(mine.c1, '何总', 'core', '1972-03-15'); // 1A: no birthday care
  ctx.clock.set('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
}, 120_000);
afterAll(() => ctx.close());

describe('demo tasks', () => {
  it('the demo has tasks of the last months, some done with evidence and some overdue', async () => {
    ctx.clock.set(new Date());
    const res = await get('/api/v1/tasks?limit=500', admin);
    expect(res.statusCode).toBe(200);
    const all = res.json<Task[]>();
    expect(Number(res.headers['x-total-count'])).toBeGreaterThan(0);
    expect(all.some((t) => t.status === 'done' && t.evidence !== null)).toBe(true);
    const overdue = await get('/api/v1/tasks?overdue=true&limit=1', admin);
    expect(Number(overdue.headers['x-total-count'])).toBeGreaterThan(0);
    expect(overdue.json<Task[]>()[0]!.overdue).toBe(true);
    ctx.clock.set('2026-03-02T02:00:00Z');
  });
});

describe('generation', () => {
  it('generates a month once: a second run creates nothing', async () => {
    const first = await post('/api/v1/tasks/generate', admin, { month: '2026-03' });
    expect(first.statusCode).toBe(200);
    expect(first.json().created).toBeGreaterThan(0);
    const rows = await tasksOf([mine.c5, mine.c3, mine.c1]);
    const keys = rows.map(
      (t) =>
        `${t.customerId === mine.c5 ? '5A' : t.customerId === mine.c3 ? '3A' : '1A'} ${t.actionCode} ${t.occurrenceKey.replace(/:.*/, '')} ${t.dueDate}`,
    );
    expect(keys.sort()).toEqual(
      [
        '5A visit_5a 2026-03 2026-03-31',
        '5A network_report_5a 2026-03 2026-03-31',
        '5A birthday_care_5a 2026-birthday 2026-03-20', // 陈总, Sunday → Friday
        '3A birthday_care_3a 2026-birthday 2026-03-31', // 吴局长
      ].sort(),
    );
    expect(rows.every((t) => t.ownerId === am1Id && t.catalogVersion >= 1 && t.status === 'open')).toBe(true);

    const second = await post('/api/v1/tasks/generate', admin, { month: '2026-03' });
    expect(second.json()).toMatchObject({ created: 0, incrementalActions: first.json().fullActions });
    expect(await tasksOf([mine.c5, mine.c3, mine.c1])).toHaveLength(rows.length);
    // the whole month: no occurrence twice
    const dupes =
      await ctx.deps.db.execute(sql`select customer_id, action_code, occurrence_key from action_tasks
      where month = '2026-03' group by 1, 2, 3 having count(*) > 1`);
    expect((dupes as unknown as { rows: unknown[] }).rows).toEqual([]);
  });

  it('puts every due date on a working day', async () => {
    const calendar = await ctx.deps.calendars.get(ctx.deps.db);
    const dues = await ctx.deps.db.selectDistinct({ d: actionTasks.dueDate }).from(actionTasks);
    expect(dues.length).toBeGreaterThan(3);
    for (const { d } of dues) expect(isWorkday(calendar, d)).toBe(true);
  });

  it('two runs at once create each task once', async () => {
    const [a, b] = await Promise.all([
      generateTasks(ctx.deps, { month: '2026-04', at: ctx.clock.now }),
      generateTasks(ctx.deps, { month: '2026-04', at: ctx.clock.now }),
    ]);
    expect(a.created + b.created).toBeGreaterThan(0);
    expect(Math.min(a.created, b.created)).toBe(0);
    const april = await tasksOf([mine.c5, mine.c3, mine.c1]).then((r) =>
      r.filter((t) => t.month === '2026-04'),
    );
    expect(
      april.map((t) => `${t.actionCode} ${t.occurrenceKey.replace(/:.*/, '')} ${t.dueDate}`).sort(),
    ).toEqual(
      [
        'birthday_care_5a 2026-birthday 2026-04-03', // 林主任, 清明 on the 5th
        'holiday_greeting_3a 2026-清明 2026-04-03',
        'holiday_greeting_5a 2026-清明 2026-04-03',
        'holiday_greeting_5a 2026-劳动节 2026-04-30',
        'holiday_greeting_3a 2026-劳动节 2026-04-30',
        'network_report_3a 2026-Q2 2026-06-30',
        'network_report_5a 2026-04 2026-04-30',
        'visit_3a 2026-Q2 2026-06-30',
        'visit_5a 2026-04 2026-04-30',
      ].sort(),
    );
  });

  it('a later run adds the tasks of customers added or changed since, and only those', async () => {
    const late = await makeCustomer(ctx, { am: 'am2', tier: '4A', stars: 4, region: 'GD-SZ' });
    await ctx.deps.db
      .update(customers)
      .set({ tier: '2A', updatedAt: new Date() })
      .where(eq(customers.id, mine.c1));
    const again = await generateTasks(ctx.deps, { month: '2026-04', at: ctx.clock.now });
    const added = await tasksOf([late, mine.c1]);
    expect(added.map((t) => t.actionCode).sort()).toEqual([
      'holiday_greeting_2a',
      'holiday_greeting_2a',
      'holiday_greeting_4a',
      'holiday_greeting_4a',
      'network_report_4a',
      'visit_4a',
    ]);
    expect(again.created).toBe(added.length);
    expect(added.every((t) => t.ownerId === am2Id)).toBe(true);
  });

  it('refuses a malformed month', async () => {
    const res = await post('/api/v1/tasks/generate', admin, { month: '2026-13' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toContain('month');
    expect((await post('/api/v1/tasks/generate', am1, { month: '2026-03' })).statusCode).toBe(403);
  });

  it('the hourly job generates this month, and next month from the 25th', async () => {
    const report = await runSweep(ctx.deps, new Date('2026-05-26T01:00:00Z'));
    const job = report.jobs.find((j) => j.name === 'mandatory-action-tasks');
    expect(job?.result.created).toBeGreaterThan(0);
    expect(job?.result).toHaveProperty('createdNextMonth');
    const june = await tasksOf([mine.c5]).then((r) => r.filter((t) => t.month === '2026-06'));
    expect(june.map((t) => t.actionCode)).toContain('visit_5a');
  });
});

describe('completion with evidence', () => {
  const visitOf = async (customerId: string, month = '2026-03') => {
    const [row] = await ctx.deps.db
      .select()
      .from(actionTasks)
      .where(
        and(
          eq(actionTasks.customerId, customerId),
          eq(actionTasks.month, month),
          eq(actionTasks.actionKind, 'visit'),
        ),
      );
    return row!.id;
  };

  it('the owner completes a task; another manager gets 403; twice is 409', async () => {
    ctx.clock.set('2026-03-12T02:00:00Z');
    const id = await visitOf(mine.c5);
    const body = {
      note: '上门拜访信息中心主任,沟通专线扩容',
      contactMet: '陈总',
      channel: 'visit',
      completedDate: '2026-03-11',
      attachments: [{ name: '拜访记录.jpg', size: 182_345, mimeType: 'image/jpeg' }],
    };
    const other = await post(`/api/v1/tasks/${id}/complete`, am2, body);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('FORBIDDEN');
    const future = await post(`/api/v1/tasks/${id}/complete`, am1, { ...body, completedDate: '2026-03-13' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('completedDate');
    const unknown = await post(`/api/v1/tasks/${id}/complete`, am1, { ...body, photo: 'x' });
    expect(unknown.statusCode).toBe(400);

    const done = await post(`/api/v1/tasks/${id}/complete`, am1, body);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      completedDate: '2026-03-11',
      overdue: false,
      evidence: { note: body.note, contactMet: '陈总', channel: 'visit', attachments: body.attachments },
    });
    expect(done.json().actionName).toContain('拜访');
    const twice = await post(`/api/v1/tasks/${id}/complete`, am1, body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('TASK_CLOSED');
    const missing = await post('/api/v1/tasks/999999999/complete', am1, body);
    expect(missing.statusCode).toBe(404);

    const audit = await get(`/api/v1/audit?entity=task&entityId=${id}`, admin);
    expect(audit.json<{ action: string }[]>().map((e) => e.action)).toEqual(['complete']);
  });

  it('a kam_manager reassigns or cancels with a reason; an account manager may not', async () => {
    const id = await visitOf(mine.c5, '2026-04');
    expect(
      (await post(`/api/v1/tasks/${id}/reassign`, am1, { ownerId: am2Id, reason: '休假' })).statusCode,
    ).toBe(403);
    const noReason = await post(`/api/v1/tasks/${id}/reassign`, kam, { ownerId: am2Id, reason: '' });
    expect(noReason.statusCode).toBe(400);
    const notAm = await post(`/api/v1/tasks/${id}/reassign`, kam, {
      ownerId: await userId(ctx, 'kam'),
      reason: '休假',
    });
    expect(notAm.statusCode).toBe(400);
    expect(notAm.json().errors[0].field).toBe('ownerId');
    const moved = await post(`/api/v1/tasks/${id}/reassign`, kam, { ownerId: am2Id, reason: '客户经理休假' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().ownerId).toBe(am2Id);
    // now am2's to complete, not am1's
    const body = { note: '电话沟通', channel: 'phone' };
    expect((await post(`/api/v1/tasks/${id}/complete`, am1, body)).statusCode).toBe(403);

    const cancelled = await post(`/api/v1/tasks/${id}/cancel`, admin, { reason: '客户要求暂停拜访' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '客户要求暂停拜访' });
    expect((await post(`/api/v1/tasks/${id}/cancel`, admin, { reason: '再次' })).json().code).toBe(
      'TASK_CLOSED',
    );
    expect((await post(`/api/v1/tasks/${id}/complete`, am2, body)).statusCode).toBe(409);
  });
});

describe('reading in scope', () => {
  it('an account manager sees its own tasks only; another portfolio is 404', async () => {
    const own = await get(`/api/v1/tasks?customerId=${mine.c5}`, am1);
    expect(own.json<Task[]>().length).toBeGreaterThan(0);
    // am2 sees only the one task it was given (reassigned above), none of am1's
    const theirs = (await get(`/api/v1/tasks?customerId=${mine.c5}`, am2)).json<Task[]>();
    expect(theirs.map((t) => t.ownerId)).toEqual([am2Id]);
    expect((await get(`/api/v1/tasks?customerId=${mine.c3}`, am2)).json()).toEqual([]);
    const id = own.json<Task[]>().find((t) => t.ownerId === am1Id)!.id;
    expect((await get(`/api/v1/tasks/${id}`, am2)).statusCode).toBe(404);
    expect((await get(`/api/v1/tasks/${id}`, am1)).statusCode).toBe(200);
    expect((await get(`/api/v1/customers/${mine.c5}/tasks`, am2)).statusCode).toBe(404);
    const panel = await get(`/api/v1/customers/${mine.c5}/tasks?from=2026-03-01&to=2026-03-31`, am1);
    expect(panel.statusCode).toBe(200);
    expect(
      panel
        .json<Task[]>()
        .map((t) => t.actionCode)
        .sort(),
    ).toEqual(['birthday_care_5a', 'network_report_5a', 'visit_5a']);
    expect(panel.json<Task[]>().find((t) => t.actionCode === 'birthday_care_5a')?.contactName).toBe('陈总');
    const mineOnly = await get('/api/v1/tasks?limit=500', am1);
    expect(mineOnly.json<Task[]>().every((t) => t.ownerId === am1Id || t.customerId !== mine.c1)).toBe(true);
    expect((await get('/api/v1/tasks', await ctx.auth('frontdesk'))).statusCode).toBe(403);
  });

  it('filters by status, overdue, kind and due range', async () => {
    ctx.clock.set('2026-04-02T02:00:00Z');
    const overdue = await get(`/api/v1/tasks?customerId=${mine.c5}&overdue=true`, am1);
    // March: the report and the birthday were not done (the visit was)
    expect(
      overdue
        .json<Task[]>()
        .map((t) => t.actionCode)
        .sort(),
    ).toEqual(['birthday_care_5a', 'network_report_5a']);
    const visits = await get(`/api/v1/tasks?customerId=${mine.c5}&kind=visit&status=done`, am1);
    expect(visits.json<Task[]>()).toHaveLength(1);
    const april = await get(
      `/api/v1/tasks?customerId=${mine.c5}&from=2026-04-01&to=2026-04-30&sort=-dueDate`,
      am1,
    );
    const dues = april.json<Task[]>().map((t) => t.dueDate);
    expect(dues).toEqual([...dues].sort().reverse());
    expect((await get('/api/v1/tasks?overdue=maybe', am1)).statusCode).toBe(400);
    const byName = await get('/api/v1/tasks?sort=customerName,-dueDate&limit=5', am1);
    expect(byName.statusCode).toBe(200);
    expect(byName.json<Task[]>()).toHaveLength(5);
    expect((await get('/api/v1/tasks?sort=owner', am1)).statusCode).toBe(400);
    expect((await get('/api/v1/tasks?from=2026-02-30', am1)).statusCode).toBe(400);
  });

  it('counts tasks per day for the month calendar', async () => {
    const res = await get(`/api/v1/tasks/calendar?month=2026-03&ownerId=${am1Id}`, am1);
    expect(res.statusCode).toBe(200);
    const days = res.json<{ days: { date: string; total: number; done: number; overdue: number }[] }>().days;
    const d31 = days.find((d) => d.date === '2026-03-31');
    expect(d31?.total).toBeGreaterThanOrEqual(3); // our 5A visit + report, the 3A birthday
    expect(days.find((d) => d.date === '2026-03-20')?.overdue).toBeGreaterThanOrEqual(1);
    expect((await get('/api/v1/tasks/calendar?month=March', am1)).statusCode).toBe(400);
  });
});
