/**
 * Compliance (达标率) over HTTP on a small known set of tasks: per account manager, department and
 * region, by month and dekad, the same numbers as the pure rule; drill-down to the missing tasks;
 * scoping by role; bad queries.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionTasks, departments, users } from '../../src/db/schema.ts';
import { computeCompliance } from '../../src/domain/tasks/compliance.ts';
import { makeCustomer, userId } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };
let amc: { authorization: string };
let amcId: string;
let qaId: string;

const TODAY = '2025-03-25';
/** The demo is generated as of this instant, so the last-three-months figures never depend on the real date. */
const DEMO_AT = '2026-11-23T02:00:00Z';
// [due, status, completed] — the set of src/domain/tasks/compliance.test.ts, a year earlier
const SET: [string, 'open' | 'done' | 'cancelled', string | null][] = [
  ['2025-03-06', 'done', '2025-03-05'], // on time, D1
  ['2025-03-06', 'done', '2025-03-09'], // late, D1
  ['2025-03-10', 'open', null], // overdue, D1
  ['2025-03-20', 'done', '2025-03-20'], // on time, D2
  ['2025-03-31', 'open', null], // pending, D3
  ['2025-03-31', 'done', '2025-03-24'], // on time early, D3
  ['2025-03-13', 'cancelled', null], // not counted
  ['2025-02-27', 'done', '2025-02-26'], // February
];

type Row = { key: string; label: string; bucket: string; due: number; rate: number | null; total: number };

const get = (url: string, headers: { authorization: string }) =>
  ctx.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  ctx = await createTestContext({ now: DEMO_AT });
  admin = await ctx.auth('admin');
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: {
      username: 'amc',
      displayName: '覃客户经理',
      role: 'account_manager',
      regionCode: 'GX-NN',
      password: 'demo1234',
    },
  });
  expect(created.statusCode).toBe(201);
  amcId = await userId(ctx, 'amc');
  const [qa] = await ctx.deps.db.select().from(departments).where(eq(departments.code, 'QA'));
  qaId = qa!.id;
  await ctx.deps.db.update(users).set({ departmentId: qaId }).where(eq(users.id, amcId));
  amc = await ctx.auth('amc');
  const customer = await makeCustomer(ctx, { am: 'amc', region: 'GX-NN', tier: '5A', stars: 5 });
  await ctx.deps.db.insert(actionTasks).values(
    SET.map(([due, status, done], i) => ({
      customerId: customer,
      actionCode: 'visit_5a',
      actionKind: 'visit',
      level: '5A',
      catalogVersion: 1,
      occurrenceKey: `test-${i}`,
      ownerId: amcId,
      regionCode: 'GX-NN',
      month: due.slice(0, 7),
      startDate: `${due.slice(0, 7)}-01`,
      dueDate: due,
      status,
      completedDate: done,
      completedAt: done ? new Date(`${done}T02:00:00Z`) : null,
      cancelReason: status === 'cancelled' ? 'test' : null,
    })),
  );
  ctx.clock.set(`${TODAY}T02:00:00Z`);
}, 120_000);
afterAll(() => ctx.close());

const query = (groupBy: string, period: string) =>
  `/api/v1/compliance?groupBy=${groupBy}&period=${period}&from=2025-03-01&to=2025-03-31`;

describe('compliance report', () => {
  it('per account manager by month: rate = done on time ÷ due', async () => {
    const res = await get(query('account_manager', 'month'), admin);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ groups: Row[]; rows: Row[]; buckets: { bucket: string }[]; today: string }>();
    expect(body.today).toBe(TODAY);
    const row = body.rows.find((r) => r.key === amcId);
    expect(row).toEqual({
      key: amcId,
      label: '覃客户经理',
      bucket: '2025-03',
      total: 6,
      pending: 1,
      due: 5,
      done: 4,
      doneOnTime: 3,
      doneLate: 1,
      openOverdue: 1,
      rate: 0.6,
    });
    expect(body.groups.find((g) => g.key === amcId)).toMatchObject({ due: 5, rate: 0.6 });
    expect(body.buckets.map((b) => b.bucket)).toEqual(['2025-03']);
  });

  it('by dekad (旬), department and region: the same numbers as the pure rule', async () => {
    const expected = computeCompliance(
      SET.filter(([due]) => due.startsWith('2025-03')).map(([dueDate, status, completedDate]) => ({
        dueDate,
        status,
        completedDate,
      })),
      () => 'x',
      'dekad',
      TODAY,
    ).get('x')!;
    for (const [groupBy, key, label] of [
      ['account_manager', amcId, '覃客户经理'],
      ['department', qaId, '服务督察室'],
      ['region', 'GX-NN', '南宁市'],
    ] as const) {
      const body = (await get(query(groupBy, 'dekad'), admin)).json<{ rows: Row[] }>();
      const rows = body.rows.filter((r) => r.key === key);
      expect(rows.map((r) => r.bucket)).toEqual(['2025-03-D1', '2025-03-D2', '2025-03-D3']);
      for (const r of rows) {
        const { key: _k, label: l, bucket, ...counts } = r;
        expect(l).toBe(label);
        expect(counts).toEqual(expected.get(bucket));
      }
    }
    expect(expected.get('2025-03-D1')?.rate).toBe(0.3333);
  });

  it('drills down to the missing tasks of a row', async () => {
    const res = await get(
      `/api/v1/compliance/missing?groupBy=account_manager&key=${amcId}&period=dekad&bucket=2025-03-D1`,
      admin,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-total-count']).toBe('2');
    const items = res.json<{ dueDate: string; outcome: string; status: string }[]>();
    expect(items.map((t) => [t.dueDate, t.status, t.outcome])).toEqual([
      ['2025-03-06', 'done', 'late'],
      ['2025-03-10', 'open', 'overdue'],
    ]);
    const month = await get(
      `/api/v1/compliance/missing?groupBy=region&key=GX-NN&from=2025-03-01&to=2025-03-31`,
      admin,
    );
    expect(month.json()).toHaveLength(2);
    const bad = await get(`/api/v1/compliance/missing?groupBy=region&key=GX-NN&bucket=2025-Q1`, admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('bucket');
  });

  it('is scoped: an account manager sees its own row, a kam_manager its region', async () => {
    const own = (await get(query('account_manager', 'month'), amc)).json<{ rows: Row[] }>();
    expect(own.rows.map((r) => r.key)).toEqual([amcId]);
    const am1 = (await get(query('account_manager', 'month'), await ctx.auth('am1'))).json<{ rows: Row[] }>();
    const am1Id = await userId(ctx, 'am1');
    expect(am1.rows.every((r) => r.key === am1Id)).toBe(true);
    const kam = (await get(query('region', 'month'), await ctx.auth('kam'))).json<{ rows: Row[] }>();
    expect(kam.rows.some((r) => r.key === 'GX-NN')).toBe(false);
    const missing = await get(
      `/api/v1/compliance/missing?groupBy=account_manager&key=${amcId}&from=2025-03-01&to=2025-03-31`,
      await ctx.auth('am1'),
    );
    expect(missing.json()).toEqual([]);
    expect((await get(query('region', 'month'), await ctx.auth('frontdesk'))).statusCode).toBe(403);
  });

  it('covers the demo portfolio by default (the last three months)', async () => {
    ctx.clock.set(DEMO_AT);
    const res = await get('/api/v1/compliance?groupBy=region', admin);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ totals: { due: number; rate: number | null }; buckets: unknown[] }>();
    expect(body.totals.due).toBeGreaterThan(0);
    expect(body.totals.rate).toBeGreaterThan(0);
    expect(body.totals.rate).toBeLessThan(1);
    expect(body.buckets.length).toBeGreaterThanOrEqual(2);
    ctx.clock.set(`${TODAY}T02:00:00Z`);
  });

  it('refuses bad queries naming the field', async () => {
    const backwards = await get('/api/v1/compliance?from=2025-03-31&to=2025-03-01', admin);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'INVALID_RANGE', errors: [{ field: 'to' }] });
    const long = await get('/api/v1/compliance?from=2020-01-01&to=2025-03-01', admin);
    expect(long.json().errors[0].field).toBe('from');
    expect((await get('/api/v1/compliance?groupBy=team', admin)).statusCode).toBe(400);
    expect((await get('/api/v1/compliance?period=quarter', admin)).statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the task and compliance endpoints', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tasks',
        '/api/v1/tasks/calendar',
        '/api/v1/tasks/{id}/complete',
        '/api/v1/customers/{id}/tasks',
        '/api/v1/compliance',
        '/api/v1/compliance/missing',
      ]),
    );
  });
});
