/**
 * The service standards catalog over HTTP (PRODUCT.md §4): reading the version in force, the
 * draft → publish workflow with validation naming each field, immutability of published versions,
 * diffs, audit, and entitlements of customers (5A vs 2A, basic fallbacks, scope, due instants).
 */
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, catalogVersions, customers } from '../../src/db/schema.ts';
import { fromDayNumber, partsOfDayNumber, shanghaiDayNumberOf } from '../../src/domain/calendar/dates.ts';
import type { CatalogDocument } from '../../src/domain/catalog/types.ts';
import { resolveEntitlementForCustomer } from '../../src/modules/catalog/entitlements.service.ts';
import { makeCustomer } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

type Headers = { authorization: string };

let ctx: TestContext;
let admin: Headers;
let am1: Headers;
let am2: Headers;
let analyst: Headers;
/** The demo's second version, read before the test resets to version 1 alone. */
let demoV2: { effectiveDate: string | null; createdAt: Date } | undefined;
let five: string;
let two: string;
let untiered: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const [v2] = await ctx.deps.db.select().from(catalogVersions).where(eq(catalogVersions.version, 2));
  demoV2 = v2 && { effectiveDate: v2.effectiveDate, createdAt: v2.createdAt };
  // Start from the shipped catalog alone, on a fixed day: Tuesday 2026-03-10 10:00 in Shanghai.
  await ctx.deps.db.delete(catalogVersions).where(gt(catalogVersions.version, 1));
  ctx.clock.set('2026-03-10T02:00:00Z');
  admin = await ctx.auth('admin');
  am1 = await ctx.auth('am1');
  am2 = await ctx.auth('am2');
  analyst = await ctx.auth('analyst');
  five = await makeCustomer(ctx, { am: 'am1', tier: '5A', stars: 5 });
  two = await makeCustomer(ctx, { am: 'am1', tier: '2A', stars: 2 });
  untiered = await makeCustomer(ctx, { am: 'am1', tier: null });
});
afterAll(() => ctx.close());

const get = (url: string, headers: Headers) => ctx.app.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
  ctx.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

async function draftDocument(): Promise<CatalogDocument> {
  const res = await get('/api/v1/catalog/draft', admin);
  expect(res.statusCode).toBe(200);
  return res.json().document;
}

const indexOf = (doc: CatalogDocument, itemCode: string, level: string) =>
  doc.standards.findIndex(
    (s) => s.itemCode === itemCode && s.level === level && !s.product && !s.contactRole,
  );

describe('demo catalog', () => {
  it('published a second version effective on the first of next month', () => {
    expect(demoV2).toBeDefined();
    const today = fromDayNumber(shanghaiDayNumberOf(demoV2!.createdAt.getTime()));
    const { year, month } = partsOfDayNumber(shanghaiDayNumberOf(demoV2!.createdAt.getTime()));
    expect(demoV2!.effectiveDate! > today).toBe(true);
    expect(demoV2!.effectiveDate).toBe(
      month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`,
    );
  });
});

describe('reading the catalog', () => {
  it('gives every role the version in force, whole', async () => {
    const res = await get('/api/v1/catalog', am1);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ version: 1, status: 'published', effectiveDate: '2000-01-01' });
    const codes = body.document.items.map((i: { code: string }) => i.code);
    expect(codes).toEqual(
      expect.arrayContaining(['am_visit', 'network_report', 'holiday_greeting', 'birthday_care']),
    );
    expect(body.document.channels.length).toBeGreaterThan(10);
    expect((await get('/api/v1/catalog?date=1999-12-31', analyst)).statusCode).toBe(404);
    expect((await get('/api/v1/catalog?date=2026-3-1', analyst)).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/catalog' })).statusCode).toBe(401);
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/catalog',
        '/api/v1/catalog/diff',
        '/api/v1/catalog/draft/publish',
        '/api/v1/customers/{id}/entitlements/{itemCode}',
      ]),
    );
  });

  it('lists versions with counts and the one in force', async () => {
    const res = await get('/api/v1/catalog/versions', am2);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({
        version: 1,
        inForce: true,
        counts: expect.objectContaining({ actions: 15 }),
      }),
    ]);
    expect((await get('/api/v1/catalog/versions/1', am2)).json().document.items.length).toBeGreaterThan(20);
    expect((await get('/api/v1/catalog/versions/99', am2)).statusCode).toBe(404);
  });
});

describe('editing: draft, validation, publication', () => {
  it('lets only an administrator edit', async () => {
    for (const who of [am1, analyst]) {
      expect((await send('POST', '/api/v1/catalog/draft', who, {})).statusCode).toBe(403);
      expect((await send('PUT', '/api/v1/catalog/draft', who, { document: {} })).statusCode).toBe(403);
      expect(
        (await send('POST', '/api/v1/catalog/draft/publish', who, { effectiveDate: '2026-04-01' }))
          .statusCode,
      ).toBe(403);
      expect((await send('DELETE', '/api/v1/catalog/draft', who)).statusCode).toBe(403);
    }
    expect((await get('/api/v1/catalog/draft', am1)).statusCode).toBe(404);
  });

  it('creates one draft from the version in force', async () => {
    const res = await send('POST', '/api/v1/catalog/draft', admin, {});
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, status: 'draft', basedOn: 1, effectiveDate: null });
    const again = await send('POST', '/api/v1/catalog/draft', admin, { basedOn: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
  });

  it('refuses a bad document with CATALOG_INVALID naming each field, saving nothing', async () => {
    const doc = await draftDocument();
    const restore2A = indexOf(doc, 'fixed_line_restore', '2A');
    const visit5A = indexOf(doc, 'am_visit', '5A');
    const bad = structuredClone(doc);
    bad.standards[restore2A] = { ...bad.standards[restore2A]!, level: '6A' as never };
    bad.standards[visit5A] = {
      ...bad.standards[visit5A]!,
      itemCode: 'no_such_item',
      frequency: { times: 1, period: 'weekly' as never },
    };
    bad.standards[0] = { ...bad.standards[0]!, responseTime: { kind: 'workdays', days: -2 } };
    bad.actions[0] = { ...bad.actions[0]!, itemCode: 'gone' };
    const res = await send('PUT', '/api/v1/catalog/draft', admin, { document: bad });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('CATALOG_INVALID');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = problem.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        `document.standards[${restore2A}].level`,
        `document.standards[${visit5A}].itemCode`,
        `document.standards[${visit5A}].frequency.period`,
        'document.standards[0].responseTime.days',
        'document.actions[0].itemCode',
      ]),
    );
    expect(problem.errors.find((e: { field: string }) => e.field.endsWith('.level')).message).toMatch(
      /unknown level '6A'/,
    );
    expect(await draftDocument()).toEqual(doc);
    // a body without a document is a plain validation failure
    expect((await send('PUT', '/api/v1/catalog/draft', admin, {})).json().code).toBe('VALIDATION_FAILED');
  });

  it('saves a valid change and shows it in the diff against the draft', async () => {
    const doc = await draftDocument();
    const i = indexOf(doc, 'fixed_line_restore', '2A');
    doc.standards[i] = {
      ...doc.standards[i]!,
      responseTime: { kind: 'hours', hours: 2, clock: '24x7' },
      wording: '2小时',
    };
    const res = await send('PUT', '/api/v1/catalog/draft', admin, { document: doc });
    expect(res.statusCode).toBe(200);
    const diff = await get('/api/v1/catalog/diff?from=1&to=draft', am1);
    expect(diff.statusCode).toBe(200);
    expect(diff.json()).toMatchObject({
      from: 1,
      to: 'draft',
      counts: { added: 0, removed: 0, changed: 1 },
      standards: [
        {
          key: 'fixed_line_restore|2A|*|*|*',
          change: 'changed',
          fields: [
            { field: 'responseTime', before: { hours: 3 }, after: { hours: 2 } },
            { field: 'wording', before: '3小时', after: '2小时' },
          ],
        },
      ],
    });
    expect((await get('/api/v1/catalog/diff?from=1&to=7', am1)).statusCode).toBe(404);
    expect((await get('/api/v1/catalog/diff?from=x&to=draft', am1)).statusCode).toBe(400);
  });

  it('refuses an effective date in the past (or malformed) naming effectiveDate', async () => {
    for (const effectiveDate of ['2026-03-09', '2026-02-30', 'tomorrow']) {
      const res = await send('POST', '/api/v1/catalog/draft/publish', admin, { effectiveDate });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'CATALOG_INVALID', errors: [{ field: 'effectiveDate' }] });
    }
    expect((await get('/api/v1/catalog/draft', admin)).json().status).toBe('draft');
  });

  it('publishes the draft from an effective date; the version in force follows the date', async () => {
    const res = await send('POST', '/api/v1/catalog/draft/publish', admin, {
      effectiveDate: '2026-04-01',
      note: '2★复通时限缩短为2小时',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      status: 'published',
      effectiveDate: '2026-04-01',
      publishedBy: expect.any(String),
    });
    expect((await get('/api/v1/catalog?date=2026-03-31', am1)).json().version).toBe(1);
    expect((await get('/api/v1/catalog?date=2026-04-01', am1)).json().version).toBe(2);
    expect((await get('/api/v1/catalog', am1)).json().version).toBe(1);
    expect((await get('/api/v1/catalog/diff?from=1&to=2', am1)).json().counts).toEqual({
      added: 0,
      removed: 0,
      changed: 1,
    });
    // published versions are immutable: there is no draft left to change
    expect((await send('PUT', '/api/v1/catalog/draft', admin, { document: {} })).statusCode).toBe(400);
    const doc = (await get('/api/v1/catalog/versions/2', am1)).json().document;
    expect((await send('PUT', '/api/v1/catalog/draft', admin, { document: doc })).statusCode).toBe(404);
    expect(
      (await send('POST', '/api/v1/catalog/draft/publish', admin, { effectiveDate: '2026-05-01' }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses a newer version taking effect before one already scheduled', async () => {
    expect((await send('POST', '/api/v1/catalog/draft', admin, { basedOn: 2 })).statusCode).toBe(201);
    const res = await send('POST', '/api/v1/catalog/draft/publish', admin, { effectiveDate: '2026-03-20' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CATALOG_INVALID', errors: [{ field: 'effectiveDate' }] });
  });

  it('discards a draft, and audits every step', async () => {
    expect((await send('DELETE', '/api/v1/catalog/draft', admin)).statusCode).toBe(204);
    expect((await send('DELETE', '/api/v1/catalog/draft', admin)).statusCode).toBe(404);
    expect(
      (await get('/api/v1/catalog/versions', am1)).json().map((v: { version: number }) => v.version),
    ).toEqual([2, 1]);
    const entries = await ctx.deps.db
      .select({ action: auditLog.action, entityId: auditLog.entityId, actor: auditLog.actorName })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'catalogVersion'), eq(auditLog.actorName, 'admin')))
      .orderBy(auditLog.id);
    const trail = entries.map((e) => `${e.action}:${e.entityId}`);
    expect(trail).toEqual(['create:2', 'update:2', 'publish:2', 'create:3', 'delete:3']);
  });
});

describe('entitlements', () => {
  type Entry = {
    level: string | null;
    provided: boolean;
    responseTime: unknown;
    deadline: { dueAt: string } | null;
  };
  type Group = { item: { code: string }; provided: boolean; entries: Entry[] };
  const entitlements = async (id: string, who: Headers, at = '2026-03-10T02:00:00Z') => {
    const res = await get(`/api/v1/customers/${id}/entitlements?at=${at}`, who);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    return { body, items: new Map<string, Group>(body.items.map((g: Group) => [g.item.code, g])) };
  };

  it('differs between a 5A and a 2A customer, with due instants from `at`', async () => {
    const a = await entitlements(five, am1);
    const b = await entitlements(two, am1);
    expect(a.body).toMatchObject({ catalogVersion: 1, subject: { tier: '5A', stars: 5, serviceTier: '5A' } });
    const restoreA = a.items.get('fixed_line_restore')!.entries[0]!;
    const restoreB = b.items.get('fixed_line_restore')!.entries[0]!;
    expect(restoreA).toMatchObject({
      level: '5A',
      responseTime: { hours: 2 },
      deadline: { dueAt: '2026-03-10T04:00:00.000Z' },
    });
    expect(restoreB).toMatchObject({
      level: '2A',
      responseTime: { hours: 3 },
      deadline: { dueAt: '2026-03-10T05:00:00.000Z' },
    });
    expect(a.items.get('chief_account_manager')!.provided).toBe(true);
    expect(b.items.get('chief_account_manager')!.provided).toBe(false);
    // 3★ and up: 按需 installation, no due instant; 2★: 1 working day → end of Wednesday 03-11
    expect(a.items.get('fixed_line_installation')!.entries[0]).toMatchObject({ deadline: null });
    expect(b.items.get('fixed_line_installation')!.entries[0]!.deadline).toMatchObject({
      dueAt: '2026-03-11T16:00:00.000Z',
      dueDate: '2026-03-11',
      provisional: false,
    });
    expect(a.body.items).toHaveLength(a.body.items.length);
    expect(a.items.size).toBe((await get('/api/v1/catalog', am1)).json().document.items.length);
  });

  it('follows the catalog version in force at `at`', async () => {
    const later = await entitlements(two, am1, '2026-04-02T02:00:00Z');
    expect(later.body.catalogVersion).toBe(2);
    expect(later.items.get('fixed_line_restore')!.entries[0]).toMatchObject({ responseTime: { hours: 2 } });
  });

  it('answers one item with its explanation and due date', async () => {
    const res = await get(
      `/api/v1/customers/${untiered}/entitlements/circuit_provisioning?product=digital_circuit&scope=inter_province&at=2026-03-10T02:00:00Z`,
      am1,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.item.code).toBe('circuit_provisioning');
    expect(body.entitlement).toMatchObject({
      level: 'basic',
      provided: true,
      responseTime: { kind: 'workdays', days: 30 },
      wording: '数字电路开通时限:省际30个工作日',
      channels: [{ channel: 'business_hall', role: 'primary' }],
      deadline: { rule: { kind: 'workdays', workdays: 30 }, provisional: false },
    });
    expect(body.entitlement.explanation.map((s: { rule: string }) => s.rule)).toEqual([
      'service_tier',
      'basic_level',
      'standard_matched',
    ]);
    const core = await get(`/api/v1/customers/${five}/entitlements/birthday_care?contactRole=ordinary`, am1);
    expect(core.json().entitlement).toMatchObject({ provided: false, level: null });
    expect((await get(`/api/v1/customers/${five}/entitlements/no_such_item`, am1)).statusCode).toBe(404);
    const product = await get(`/api/v1/customers/${five}/entitlements/internet_provisioning?product=x`, am1);
    expect(product.statusCode).toBe(400);
    expect(product.json().errors[0].field).toBe('product');
    expect((await get(`/api/v1/customers/${five}/entitlements/am_visit?scope=moon`, am1)).statusCode).toBe(
      400,
    );
  });

  it('is 404 for a customer outside the caller’s scope', async () => {
    expect((await get(`/api/v1/customers/${five}/entitlements`, am2)).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${five}/entitlements/am_visit`, am2)).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${five}/entitlements`, analyst)).statusCode).toBe(200);
  });

  it('resolves for other modules, keeping the version work started under', async () => {
    const at = '2026-04-02T02:00:00.000Z';
    const now = await resolveEntitlementForCustomer(
      ctx.deps.db,
      two,
      { itemCode: 'fixed_line_restore' },
      at,
      {
        calendars: ctx.deps.calendars,
      },
    );
    expect(now).toMatchObject({ catalogVersion: 2, due: { dueAt: '2026-04-02T04:00:00.000Z' } });
    const kept = await resolveEntitlementForCustomer(
      ctx.deps.db,
      two,
      { itemCode: 'fixed_line_restore' },
      at,
      {
        catalogVersion: 1,
      },
    );
    expect(kept).toMatchObject({
      catalogVersion: 1,
      deadlineRule: { kind: 'clockMinutes', minutes: 180 },
      due: { dueAt: '2026-04-02T05:00:00.000Z' },
    });
    await expect(
      resolveEntitlementForCustomer(ctx.deps.db, two, { itemCode: 'am_visit' }, at, { catalogVersion: 42 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await ctx.deps.db.select({ id: customers.id }).from(customers).where(eq(customers.id, two));
    expect(row?.id).toBe(two);
  });
});
