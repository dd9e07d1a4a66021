/**
 * Service resources over HTTP (PRODUCT.md §4 "Resources"): resources (admin), budgets per level
 * and period (admin, kam_manager), issuing within and over budget (409 with what is left), two
 * budgets drawn at once, returns, scoping (another portfolio's customer is 404), field-named bad
 * input, the ledger and a customer's resources, the audit trail — and N simultaneous issues
 * against a budget of K: exactly K succeed (truly racing on PostgreSQL, serialised on PGlite).
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import {
  auditLog,
  contacts,
  customers,
  resourceBudgets,
  resourceLedger,
  resources,
} from '../../src/db/schema.ts';
import { ensureCatalogInForce } from '../../src/modules/catalog/catalog.service.ts';
import { makeCustomer } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

type Headers = { authorization: string };

let ctx: TestContext;
let admin: Headers;
let kam: Headers;
let am1: Headers;
let am2: Headers;
let analyst: Headers;
let own5A: string;
let other5A: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-10T02:00:00Z'); // 10:00 in Shanghai: month 2026-03, quarter 2026-Q1
  admin = await ctx.auth('admin');
  kam = await ctx.auth('kam');
  am1 = await ctx.auth('am1');
  am2 = await ctx.auth('am2');
  analyst = await ctx.auth('analyst');
  own5A = await makeCustomer(ctx, { am: 'am1', tier: '5A', stars: 5 });
  other5A = await makeCustomer(ctx, { am: 'am2', tier: '5A', stars: 5, region: 'GD-SZ' });
});
afterAll(() => ctx.close());

const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, headers: Headers, payload?: unknown) =>
  ctx.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const get = (url: string, headers: Headers) => send('GET', url, headers);
const post = (url: string, headers: Headers, payload: unknown) => send('POST', url, headers, payload);
const put = (url: string, headers: Headers, payload: unknown) => send('PUT', url, headers, payload);

let codeSeq = 0;
async function makeResource(
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string; serviceItemCodes: string[] }> {
  codeSeq += 1;
  const code = `T-${process.pid}-${codeSeq}`;
  const res = await post('/api/v1/resources', admin, {
    code,
    name: `测试电子券${codeSeq}`,
    nameEn: `Test voucher ${codeSeq}`,
    kind: 'voucher',
    unit: '张',
    unitCostFen: 5_000,
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function setBudget(
  resourceCode: string,
  quantity: number,
  level = '5A',
  period = 'month',
  periodKey = '2026-03',
) {
  const res = await put('/api/v1/resources/budgets', kam, {
    resourceCode,
    level,
    period,
    periodKey,
    quantity,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const issue = (headers: Headers, payload: Record<string, unknown>) =>
  post('/api/v1/resources/issue', headers, { reason: '生日关怀', quantity: 1, ...payload });

async function usedOf(resourceCode: string, periodKey = '2026-03', level = '5A'): Promise<number> {
  const res = await get(
    `/api/v1/resources/budgets?resourceCode=${resourceCode}&periodKey=${periodKey}&level=${level}`,
    kam,
  );
  return res.json()[0].used;
}

describe('resources', () => {
  it('lets an admin create and change resources; others may read only', async () => {
    const created = await makeResource({ serviceItemCodes: [], description: '测试' });
    const list = await get('/api/v1/resources?kind=voucher', am1);
    expect(list.statusCode).toBe(200);
    expect(list.json().find((r: { code: string }) => r.code === created.code)).toMatchObject({
      kind: 'voucher',
      unitCostFen: 5_000,
      active: true,
    });
    const changed = await send('PATCH', `/api/v1/resources/${created.id}`, admin, { unitCostFen: 6_000 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().unitCostFen).toBe(6_000);
    expect((await send('PATCH', `/api/v1/resources/${created.id}`, kam, { unitCostFen: 1 })).statusCode).toBe(
      403,
    );
    expect((await post('/api/v1/resources', am1, { code: 'X' })).statusCode).toBe(403);
  });

  it('ships the demo resources of seed 004, each kind, matched to items of the catalog in force', async () => {
    const list = (await get('/api/v1/resources', analyst)).json() as {
      kind: string;
      serviceItemCodes: string[];
    }[];
    expect(new Set(list.map((r) => r.kind))).toEqual(
      new Set(['gift', 'voucher', 'consumable', 'spare_equipment']),
    );
    const catalog = await ctx.deps.db.transaction((tx) =>
      ensureCatalogInForce(tx, systemActor('test'), '2026-03-10'),
    );
    const items = new Set(catalog.document.items.map((i) => i.code));
    for (const code of list.flatMap((r) => r.serviceItemCodes)) expect(items, code).toContain(code);
    const birthday = await get('/api/v1/resources?serviceItemCode=birthday_care', analyst);
    expect(birthday.json().map((r: { kind: string }) => r.kind)).toContain('voucher');
    expect(
      (await makeResource({ serviceItemCodes: ['birthday_care', 'birthday_care'] })).serviceItemCodes,
    ).toEqual(['birthday_care']);
  });

  it('refuses bad resources naming the field', async () => {
    const base = { code: 'BAD-1', name: '坏', nameEn: 'Bad', kind: 'voucher', unit: '张', unitCostFen: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'points' }, 'kind'],
      [{ unitCostFen: -1 }, 'unitCostFen'],
      [{ unitCostFen: 1.5 }, 'unitCostFen'],
      [{ code: 'has space' }, 'code'],
      [{ serviceItemCodes: ['no_such_item'] }, 'serviceItemCodes[0]'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [patch, field] of cases) {
      const res = await post('/api/v1/resources', admin, { ...base, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const { code } = await makeResource();
    const duplicate = await post('/api/v1/resources', admin, { ...base, code });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('code');
  });
});

describe('budgets', () => {
  it('are set by kam_manager or admin and listed with usage and what is left', async () => {
    const { code } = await makeResource();
    const budget = await setBudget(code, 5);
    expect(budget).toMatchObject({
      resourceCode: code,
      level: '5A',
      period: 'month',
      periodKey: '2026-03',
      quantity: 5,
      used: 0,
      remaining: 5,
      budgetAmountFen: 25_000,
      updatedBy: 'kam',
    });
    const again = await put('/api/v1/resources/budgets', admin, {
      resourceCode: code,
      level: '5A',
      period: 'month',
      periodKey: '2026-03',
      quantity: 8,
    });
    expect(again.json()).toMatchObject({ id: budget.id, quantity: 8 });
    const audits = await ctx.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'resourceBudget'), eq(auditLog.entityId, budget.id)))
      .orderBy(auditLog.id);
    expect(audits.map((a) => [a.action, a.actorName])).toEqual([
      ['create', 'kam'],
      ['update', 'admin'],
    ]);
    // Without a period key: the budgets in force today (the clock's 2026-03-10).
    const inForce = await get(`/api/v1/resources/budgets?resourceCode=${code}`, am1);
    expect(inForce.json().map((b: { id: string }) => b.id)).toEqual([budget.id]);
    expect((await get(`/api/v1/resources/budgets?resourceCode=${code}&date=2026-04-01`, am1)).json()).toEqual(
      [],
    );
    expect(
      (
        await put('/api/v1/resources/budgets', am1, {
          resourceCode: code,
          level: '5A',
          period: 'month',
          periodKey: '2026-03',
          quantity: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses bad budgets naming the field', async () => {
    const { code } = await makeResource();
    const base = { resourceCode: code, level: '5A', period: 'month', periodKey: '2026-03', quantity: 3 };
    const cases: [Record<string, unknown>, string, number][] = [
      [{ level: '6A' }, 'level', 400],
      [{ level: 'basic' }, 'level', 400],
      [{ period: 'dekad' }, 'period', 400],
      [{ periodKey: '2026-Q1' }, 'periodKey', 400],
      [{ period: 'quarter', periodKey: '2026-Q5' }, 'periodKey', 400],
      [{ period: 'year', periodKey: '2026-03' }, 'periodKey', 400],
      [{ quantity: -1 }, 'quantity', 400],
      [{ quantity: 2.5 }, 'quantity', 400],
      [{ resourceCode: 'NO-SUCH' }, 'resourceCode', 400],
    ];
    for (const [patch, field, status] of cases) {
      const res = await put('/api/v1/resources/budgets', kam, { ...base, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(status);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('cannot be set below what is already used (409 naming quantity)', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    expect((await issue(am1, { resourceCode: code, customerId: own5A, quantity: 3 })).statusCode).toBe(201);
    const below = await put('/api/v1/resources/budgets', kam, {
      resourceCode: code,
      level: '5A',
      period: 'month',
      periodKey: '2026-03',
      quantity: 2,
    });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ code: 'CONFLICT', used: 3 });
    expect(below.json().errors[0].field).toBe('quantity');
    expect((await setBudget(code, 3)).remaining).toBe(0);
  });
});

describe('issuing', () => {
  it('draws the customer’s tier budget and writes the ledger and the audit log', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    await setBudget(code, 5, '3A'); // another tier's budget is not touched
    const [contact] = await ctx.deps.db
      .insert(contacts)
      .values({ customerId: own5A, name: '张总', role: 'core' })
      .returning({ id: contacts.id });
    const res = await issue(am1, {
      resourceCode: code,
      customerId: own5A,
      quantity: 2,
      contactId: contact!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = res.json();
    expect(entry).toMatchObject({
      kind: 'issue',
      resourceCode: code,
      customerId: own5A,
      level: '5A',
      issueDate: '2026-03-10',
      periodKeys: ['2026-03'],
      quantity: 2,
      amountFen: 10_000,
      contactName: '张总',
      actorName: 'am1',
      remaining: 3,
      returnedQuantity: 0,
    });
    expect(await usedOf(code)).toBe(2);
    expect(await usedOf(code, '2026-03', '3A')).toBe(0);
    const [audit] = await ctx.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'resourceLedger'), eq(auditLog.entityId, entry.id)));
    expect(audit).toMatchObject({ action: 'issue', actorName: 'am1', reason: '生日关怀' });
  });

  it('refuses over budget with 409 BUDGET_EXCEEDED saying what is left', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    expect((await issue(am1, { resourceCode: code, customerId: own5A, quantity: 3 })).statusCode).toBe(201);
    const over = await issue(am1, { resourceCode: code, customerId: own5A, quantity: 3 });
    expect(over.statusCode).toBe(409);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json()).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      remaining: 2,
      requested: 3,
      level: '5A',
      periodKey: '2026-03',
    });
    expect(over.json().detail).toContain('Only 2 left');
    expect(await usedOf(code)).toBe(3);
    expect((await issue(am1, { resourceCode: code, customerId: own5A, quantity: 2 })).json().remaining).toBe(
      0,
    );
    const none = await issue(am1, { resourceCode: code, customerId: own5A, quantity: 1 });
    expect(none.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', remaining: 0 });
  });

  it('refuses when the level has no budget at all (remaining 0)', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5, '3A');
    const res = await issue(am1, { resourceCode: code, customerId: own5A });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', remaining: 0, level: '5A' });
  });

  it('draws a monthly and a yearly budget together; the tighter one decides', async () => {
    const { code } = await makeResource();
    await setBudget(code, 10);
    await setBudget(code, 4, '5A', 'year', '2026');
    const ok = await issue(am1, { resourceCode: code, customerId: own5A, quantity: 3 });
    expect(ok.json()).toMatchObject({
      periodKeys: expect.arrayContaining(['2026-03', '2026']),
      remaining: 1,
    });
    const over = await issue(am1, { resourceCode: code, customerId: own5A, quantity: 2 });
    expect(over.json()).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      remaining: 1,
      period: 'year',
      periodKey: '2026',
    });
    expect(await usedOf(code, '2026')).toBe(3);
    expect(await usedOf(code)).toBe(3);
  });

  it('uses the group class budget for a customer without a tier', async () => {
    const { code } = await makeResource();
    await setBudget(code, 2, 'B');
    const customerId = await makeCustomer(ctx, { am: 'am1', tier: null });
    const untiered = await issue(am1, { resourceCode: code, customerId });
    expect(untiered.statusCode).toBe(400);
    expect(untiered.json().errors[0].field).toBe('customerId');
    await ctx.deps.db.update(customers).set({ groupClass: 'B' }).where(eq(customers.id, customerId));
    const res = await issue(am1, { resourceCode: code, customerId });
    expect(res.json()).toMatchObject({ level: 'B', remaining: 1 });
  });

  it('lets an account manager issue only to its own customers; kam_manager in its region', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    const foreign = await issue(am1, { resourceCode: code, customerId: other5A });
    expect(foreign.statusCode).toBe(404);
    expect(await usedOf(code)).toBe(0);
    expect((await issue(am2, { resourceCode: code, customerId: other5A })).statusCode).toBe(201);
    expect((await issue(kam, { resourceCode: code, customerId: other5A })).statusCode).toBe(201);
    expect((await issue(admin, { resourceCode: code, customerId: own5A })).statusCode).toBe(201);
    expect((await issue(analyst, { resourceCode: code, customerId: own5A })).statusCode).toBe(403);
    const gx = await makeCustomer(ctx, { tier: '5A', region: 'GX-NN' });
    expect((await issue(kam, { resourceCode: code, customerId: gx })).statusCode).toBe(404);
    expect(await usedOf(code)).toBe(3);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    const otherContact = await ctx.deps.db
      .insert(contacts)
      .values({ customerId: other5A, name: '李四' })
      .returning({ id: contacts.id });
    const cases: [Record<string, unknown>, string][] = [
      [{ quantity: 0 }, 'quantity'],
      [{ quantity: -2 }, 'quantity'],
      [{ quantity: 1.5 }, 'quantity'],
      [{ quantity: '2' }, 'quantity'],
      [{ reason: '  ' }, 'reason'],
      [{ customerId: 'nope' }, 'customerId'],
      [{ resourceCode: 'NO-SUCH' }, 'resourceCode'],
      [{ contactId: otherContact[0]!.id }, 'contactId'],
      [{ taskId: 'x' }, 'taskId'],
      [{ taskId: 987_654_321 }, 'taskId'],
      [{ unknown: true }, 'unknown'],
    ];
    for (const [patch, field] of cases) {
      const res = await issue(am1, { resourceCode: code, customerId: own5A, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await usedOf(code)).toBe(0);
    const resourceId = (await ctx.deps.db.select().from(resources).where(eq(resources.code, code)))[0]!.id;
    expect(
      await ctx.deps.db.select().from(resourceLedger).where(eq(resourceLedger.resourceId, resourceId)),
    ).toEqual([]);
  });

  it('refuses an inactive resource', async () => {
    const { id, code } = await makeResource();
    await setBudget(code, 5);
    await send('PATCH', `/api/v1/resources/${id}`, admin, { active: false });
    const res = await issue(am1, { resourceCode: code, customerId: own5A });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('resourceCode');
  });
});

describe('simultaneous issues', () => {
  it('N parallel issues of 1 against a budget of K: exactly K succeed, the rest 409', async () => {
    const K = 5;
    const N = 12;
    const { id, code } = await makeResource();
    await setBudget(code, K);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        issue(i % 2 === 0 ? am1 : kam, { resourceCode: code, customerId: own5A, reason: `并发 ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(K);
    expect(statuses.filter((s) => s === 409)).toHaveLength(N - K);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', remaining: 0 });
    }
    const rows = await ctx.deps.db.select().from(resourceLedger).where(eq(resourceLedger.resourceId, id));
    expect(rows).toHaveLength(K);
    const [budget] = await ctx.deps.db
      .select()
      .from(resourceBudgets)
      .where(eq(resourceBudgets.resourceId, id));
    expect(budget).toMatchObject({ quantity: K, used: K });
  });

  it('two issues of 3 against 5 left: one wins', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    const results = await Promise.all([
      issue(am1, { resourceCode: code, customerId: own5A, quantity: 3 }),
      issue(kam, { resourceCode: code, customerId: own5A, quantity: 3 }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().remaining).toBe(2);
    expect(await usedOf(code)).toBe(3);
  });
});

describe('returns', () => {
  it('give back to the budget drawn, never more than issued', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    const issued = (await issue(am1, { resourceCode: code, customerId: own5A, quantity: 3 })).json();
    const part = await post(`/api/v1/resources/ledger/${issued.id}/return`, am1, {
      quantity: 1,
      reason: '客户未领取',
    });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({
      kind: 'return',
      quantity: -1,
      amountFen: -5_000,
      returnOf: issued.id,
      customerId: own5A,
      periodKeys: ['2026-03'],
    });
    expect(await usedOf(code)).toBe(2);
    const tooMany = await post(`/api/v1/resources/ledger/${issued.id}/return`, am1, {
      quantity: 3,
      reason: 'x',
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('quantity');
    expect(tooMany.json().detail).toContain('at most 2');
    // Next month (a fresh sign-in, as the old session has idled out): still credited to March.
    ctx.clock.set('2026-04-02T02:00:00Z');
    try {
      const login = await post('/api/v1/auth/login', am1, { username: 'am1', password: 'demo1234' });
      const april = { authorization: `Bearer ${login.json().token}` };
      const rest = await post(`/api/v1/resources/ledger/${issued.id}/return`, april, { reason: '全部退回' });
      expect(rest.json()).toMatchObject({ quantity: -2, issueDate: '2026-04-02', periodKeys: ['2026-03'] });
    } finally {
      ctx.clock.set('2026-03-10T02:00:00Z');
    }
    expect(await usedOf(code)).toBe(0);
    const again = await post(`/api/v1/resources/ledger/${issued.id}/return`, am1, { reason: 'x' });
    expect(again.statusCode).toBe(409);
    const ledger = (await get(`/api/v1/resources/ledger?resourceCode=${code}&kind=issue`, am1)).json();
    expect(ledger[0]).toMatchObject({ id: issued.id, returnedQuantity: 3 });
  });

  it('of another portfolio’s issue is 404; of a return is 409', async () => {
    const { code } = await makeResource();
    await setBudget(code, 5);
    const issued = (await issue(am2, { resourceCode: code, customerId: other5A, quantity: 2 })).json();
    expect(
      (await post(`/api/v1/resources/ledger/${issued.id}/return`, am1, { reason: 'x' })).statusCode,
    ).toBe(404);
    const ret = (
      await post(`/api/v1/resources/ledger/${issued.id}/return`, am2, { quantity: 1, reason: 'x' })
    ).json();
    expect((await post(`/api/v1/resources/ledger/${ret.id}/return`, am2, { reason: 'x' })).statusCode).toBe(
      409,
    );
  });
});

describe('copying budgets to the next period', () => {
  it('copies quantities with used 0, skips budgets the target has, audits once', async () => {
    const a = await makeResource();
    const b = await makeResource();
    await setBudget(a.code, 7, '5A', 'month', '2030-05');
    await setBudget(a.code, 3, '4A', 'month', '2030-05');
    await setBudget(b.code, 9, '5A', 'month', '2030-05');
    await setBudget(b.code, 2, '5A', 'month', '2030-06'); // already there: left as it is
    await setBudget(a.code, 50, '5A', 'quarter', '2030-Q2'); // another kind: not copied
    const res = await post('/api/v1/resources/budgets/copy', kam, {
      fromPeriodKey: '2030-05',
      toPeriodKey: '2030-06',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      period: 'month',
      fromPeriodKey: '2030-05',
      toPeriodKey: '2030-06',
      created: 2,
      skipped: 1,
    });
    const june = (await get('/api/v1/resources/budgets?periodKey=2030-06', kam)).json() as {
      resourceCode: string;
      level: string;
      period: string;
      quantity: number;
      used: number;
    }[];
    const view = june.map((x) => `${x.resourceCode} ${x.level} ${x.period} ${x.quantity}/${x.used}`).sort();
    expect(view).toEqual(
      [`${a.code} 4A month 3/0`, `${a.code} 5A month 7/0`, `${b.code} 5A month 2/0`].sort(),
    );
    const audits = await ctx.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'resourceBudget'), eq(auditLog.action, 'copy')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ created: 2, skipped: 1 });

    // Again: everything is there now.
    const again = await post('/api/v1/resources/budgets/copy', admin, {
      fromPeriodKey: '2030-05',
      toPeriodKey: '2030-06',
    });
    expect(again.json()).toMatchObject({ created: 0, skipped: 3 });
    // An empty period copies nothing.
    const empty = await post('/api/v1/resources/budgets/copy', admin, {
      fromPeriodKey: '2031-Q1',
      toPeriodKey: '2031-Q2',
    });
    expect(empty.json()).toMatchObject({ period: 'quarter', created: 0, skipped: 0 });
  });

  it('refuses keys of different kinds or unknown keys naming the field, and account managers', async () => {
    const bad = [
      [{ fromPeriodKey: '2030-05', toPeriodKey: '2030-Q2' }, 'toPeriodKey'],
      [{ fromPeriodKey: '2030', toPeriodKey: '2030-06' }, 'toPeriodKey'],
      [{ fromPeriodKey: '2030-13', toPeriodKey: '2030-06' }, 'fromPeriodKey'],
      [{ fromPeriodKey: '2030-05', toPeriodKey: '2030-05' }, 'toPeriodKey'],
      [{ fromPeriodKey: '2030-05' }, 'toPeriodKey'],
    ] as const;
    for (const [payload, field] of bad) {
      const res = await post('/api/v1/resources/budgets/copy', kam, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors[0].field, JSON.stringify(payload)).toBe(field);
    }
    const forbidden = await post('/api/v1/resources/budgets/copy', am1, {
      fromPeriodKey: '2030-05',
      toPeriodKey: '2030-06',
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('adjustments', () => {
  it('change usage within the budget, appear in the ledger without a customer, hidden from account managers', async () => {
    const { code } = await makeResource();
    const budget = await setBudget(code, 5);
    const res = await post(`/api/v1/resources/budgets/${budget.id}/adjust`, kam, {
      quantity: 2,
      reason: '盘点损耗',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'adjustment', quantity: 2, customerId: null, level: '5A' });
    expect(await usedOf(code)).toBe(2);
    const over = await post(`/api/v1/resources/budgets/${budget.id}/adjust`, kam, {
      quantity: 4,
      reason: 'x',
    });
    expect(over.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', remaining: 3 });
    const under = await post(`/api/v1/resources/budgets/${budget.id}/adjust`, kam, {
      quantity: -3,
      reason: 'x',
    });
    expect(under.statusCode).toBe(400);
    expect(under.json().errors[0].field).toBe('quantity');
    expect(
      (await post(`/api/v1/resources/budgets/${budget.id}/adjust`, am1, { quantity: 1, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await get(`/api/v1/resources/ledger?resourceCode=${code}`, kam)).json()).toHaveLength(1);
    expect((await get(`/api/v1/resources/ledger?resourceCode=${code}`, am1)).json()).toEqual([]);
  });
});

describe('reading the ledger', () => {
  it('is scoped, filtered and paged', async () => {
    const { code } = await makeResource();
    await setBudget(code, 10);
    await issue(am1, { resourceCode: code, customerId: own5A, quantity: 2 });
    await issue(am2, { resourceCode: code, customerId: other5A, quantity: 1 });
    await issue(am1, { resourceCode: code, customerId: own5A, quantity: 1 });

    const mine = await get(`/api/v1/resources/ledger?resourceCode=${code}`, am1);
    expect(mine.headers['x-total-count']).toBe('2');
    expect(mine.json().every((e: { customerId: string }) => e.customerId === own5A)).toBe(true);
    const all = await get(`/api/v1/resources/ledger?resourceCode=${code}&limit=2`, kam);
    expect(all.headers['x-total-count']).toBe('3');
    expect(all.json()).toHaveLength(2);
    expect(
      (await get(`/api/v1/resources/ledger?resourceCode=${code}&periodKey=2026-Q1`, analyst)).json(),
    ).toHaveLength(3);
    expect(
      (await get(`/api/v1/resources/ledger?resourceCode=${code}&periodKey=2026-Q2`, analyst)).json(),
    ).toEqual([]);
    expect(
      (await get(`/api/v1/resources/ledger?resourceCode=${code}&regionCode=GD-SZ`, analyst)).json(),
    ).toHaveLength(1);
    expect(
      (await get(`/api/v1/resources/ledger?resourceCode=${code}&from=2026-03-11`, analyst)).json(),
    ).toEqual([]);
    const bad = await get('/api/v1/resources/ledger?periodKey=2026-13', kam);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('periodKey');
    const badKind = await get('/api/v1/resources/ledger?kind=gift', kam);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0].field).toBe('kind');
  });

  it('shows what a customer received and may still receive', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1', tier: '4A', stars: 4 });
    const { code } = await makeResource();
    await setBudget(code, 6, '4A');
    await issue(am1, { resourceCode: code, customerId, quantity: 3 });
    const issued = (await issue(am1, { resourceCode: code, customerId, quantity: 1 })).json();
    await post(`/api/v1/resources/ledger/${issued.id}/return`, am1, { reason: '退回' });
    const res = await get(`/api/v1/customers/${customerId}/resources`, am1);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.levels).toEqual(['4A']);
    expect(body.totals).toEqual([
      expect.objectContaining({ resourceCode: code, issued: 4, returned: 1, net: 3, amountFen: 15_000 }),
    ]);
    expect(body.entries).toHaveLength(3);
    expect(body.available.find((b: { resourceCode: string }) => b.resourceCode === code)).toMatchObject({
      level: '4A',
      remaining: 3,
    });
    expect((await get(`/api/v1/customers/${customerId}/resources`, am2)).statusCode).toBe(404);
  });
});

describe('demo', () => {
  it('leaves budgets whose usage equals the ledger, some nearly used up', async () => {
    const rows = await queryRows<{ code: string; quantity: number; used: number; ledger: number }>(
      ctx.deps.db,
      sql`select r.code, b.quantity, b.used,
            coalesce((select sum(l.quantity) from resource_ledger l where b.id = any(l.budget_ids)), 0)::int as ledger
          from resource_budgets b join resources r on r.id = b.resource_id
          where r.code in ('GIFT-VISIT', 'VOUCHER-BIRTHDAY', 'SPARE-HANDSET', 'GIFT-HOLIDAY')`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => Number(r.used) > 0 && Number(r.quantity) - Number(r.used) <= 2)).toBe(true);
    for (const row of rows) {
      expect(Number(row.used)).toBe(Number(row.ledger));
      expect(Number(row.used)).toBeLessThanOrEqual(Number(row.quantity));
    }
    const [{ n }] = (await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from resource_ledger where kind = 'issue'`,
    )) as [{ n: number }];
    expect(Number(n)).toBeGreaterThan(0);
  });
});
