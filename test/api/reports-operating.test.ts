import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { runMonthlyReportJob, runMonthlyReports } from '../../src/modules/reports/reports.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { customerOf, type Owned, type Seeded, seedMarch, userIdOf } from './reports-fixtures.ts';

let ctx: TestContext;
let mine: Owned;
let other: Owned;
let seeded: Seeded;

const LONG = { SESSION_TTL_HOURS: 24 * 365 * 20, SESSION_IDLE_MINUTES: 60 * 24 * 365 * 20 };

beforeAll(async () => {
  ctx = await createTestContext({ config: LONG });
  ctx.clock.set('2026-04-10T02:00:00Z');
  mine = await customerOf(ctx, 'am1');
  other = await customerOf(ctx, 'am2');
  seeded = await seedMarch(ctx, mine, 'A');
});
afterAll(() => ctx?.close());

const post = async (url: string, as: string, payload?: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'POST',
    url,
    headers: await ctx.auth(as),
    ...(payload === undefined ? {} : { payload }),
  });
const get = async (url: string, as: string) =>
  ctx.app.inject({ method: 'GET', url, headers: await ctx.auth(as) });

describe('generate', () => {
  let reportId = '';

  it('freezes the month of an agreement', async () => {
    const res = await post('/api/v1/reports/operating', 'am1', {
      customerId: mine.id,
      agreementId: seeded.agreementId,
      period: '2026-03',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    reportId = body.id;
    expect(body).toMatchObject({
      customerId: mine.id,
      agreementId: seeded.agreementId,
      agreementNumber: seeded.agreementNumber,
      period: '2026-03',
      sentAt: null,
    });
    const data = body.data;
    expect(data.agreement).toMatchObject({
      slaClass: 'AA',
      targets: { availabilityPpm: 999_500, restoreMinutes: 240 },
    });
    expect(data.circuits.map((c: { circuitNumber: string }) => c.circuitNumber)).toEqual(
      seeded.circuitNumbers,
    );
    expect(data.circuits[0]).toMatchObject({
      availabilityPpm: 999_910,
      measured: true,
      availabilityBreached: false,
    });
    // 300 minutes of 44,640 down; the excluded outage ignored
    expect(data.circuits[1]).toMatchObject({
      outageMinutes: 300,
      outageCount: 1,
      maxRestoreMinutes: 300,
      restoreBreaches: 1,
      measured: false,
      availabilityBreached: true,
    });
    expect(data.circuits[1].availabilityPpm).toBe(Math.floor(((44_640 - 300) * 1_000_000) / 44_640));
    expect(data.outages).toHaveLength(2);
    expect(data.tickets).toMatchObject({
      total: 1,
      resolved: 1,
      withLimit: 1,
      resolvedWithinLimit: 0,
      breached: 1,
      escalations: 1,
    });
    expect(data.orders).toMatchObject({
      activated: 2,
      onTime: 1,
      late: 1,
      overdueWorkingDays: 3,
      onTimeRate: 50,
    });
    expect(data.compensation).toMatchObject({ count: 2, totalFen: 68_000 });
    expect(body.summary).toMatchObject({
      circuits: 2,
      breachedCircuits: 1,
      restoreBreaches: 1,
      compensationFen: 68_000,
      tickets: 1,
      ticketsWithinLimitRate: 0,
    });
  });

  it('regenerates in place, audited', async () => {
    await ctx.deps.db.execute(
      sql`update compensation_slips set status = 'rejected' where slip_number = 'CS-T-A-2'`,
    );
    const res = await post('/api/v1/reports/operating', 'kam', {
      customerId: mine.id,
      agreementId: seeded.agreementId,
      period: '2026-03',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(reportId);
    expect(res.json().data.compensation.totalFen).toBe(18_000);
    const audit = await queryRows<{ action: string }>(
      ctx.deps.db,
      sql`select action from audit_log where entity = 'operating_report' and entity_id = ${reportId} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['operating_report.generate', 'operating_report.regenerate']);
    await ctx.deps.db.execute(
      sql`update compensation_slips set status = 'raised' where slip_number = 'CS-T-A-2'`,
    );
  });

  it('reports the whole service without an agreement', async () => {
    const res = await post('/api/v1/reports/operating', 'am1', { customerId: mine.id, period: '2026-03' });
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    expect(res.json().agreementId).toBeNull();
    expect(data.agreement).toBeNull();
    expect(data.circuits.map((c: { circuitNumber: string }) => c.circuitNumber)).toEqual(
      expect.arrayContaining(seeded.circuitNumbers),
    );
    expect(
      data.circuits.find((c: { circuitNumber: string }) => c.circuitNumber === seeded.circuitNumbers[1])
        .targetAvailabilityPpm,
    ).toBe(999_500);
  });

  it('refuses bad input with the field named', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ customerId: mine.id, period: '2026-13' }, 400, 'VALIDATION_FAILED', 'period'],
      [{ customerId: mine.id, period: '2026-05' }, 400, 'INVALID_RANGE', 'period'],
      [{ customerId: other.id, agreementId: seeded.agreementId, period: '2026-03' }, 404, 'NOT_FOUND', ''],
    ];
    for (const [payload, status, code, field] of cases) {
      const res = await post('/api/v1/reports/operating', 'am1', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().code).toBe(code);
      if (field) expect(res.json().errors[0].field).toBe(field);
    }
    const wrongAgreement = await post('/api/v1/reports/operating', 'admin', {
      customerId: other.id,
      agreementId: seeded.agreementId,
      period: '2026-03',
    });
    expect(wrongAgreement.statusCode).toBe(400);
    expect(wrongAgreement.json().errors[0].field).toBe('agreementId');
    expect(
      (await post('/api/v1/reports/operating', 'analyst', { customerId: mine.id, period: '2026-03' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await post('/api/v1/reports/operating', 'frontdesk', { customerId: mine.id, period: '2026-03' }))
        .statusCode,
    ).toBe(403);
  });

  it('lists in scope, with filters and X-Total-Count', async () => {
    const list = await get(`/api/v1/reports/operating?period=2026-03&customerId=${mine.id}`, 'am1');
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-total-count']).toBe('2');
    expect(list.json()[0]).not.toHaveProperty('data');
    expect((await get(`/api/v1/reports/operating?customerId=${mine.id}`, 'am2')).json()).toEqual([]);
    expect((await get(`/api/v1/reports/operating/${reportId}`, 'am2')).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/operating/${reportId}`, 'auditor')).statusCode).toBe(200);
    expect((await get('/api/v1/reports/operating?period=2026-3', 'am1')).statusCode).toBe(400);
  });

  it('renders HTML and PDF with readable file names', async () => {
    const html = await get(`/api/v1/reports/operating/${reportId}/html`, 'am1');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('<html lang="zh-CN">');
    expect(html.body).toContain('客户运行报告');
    expect(html.body).toContain(seeded.circuitNumbers[1]);
    expect(html.body).toContain('<svg');
    const pdf = await get(`/api/v1/reports/operating/${reportId}/pdf`, 'am1');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const disposition = String(pdf.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename=".*\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(
      `运行报告-${mine.name.replace(/\s+/g, '_')}-${seeded.agreementNumber}-2026-03.pdf`,
    );
    expect((await get(`/api/v1/reports/operating/${reportId}/pdf`, 'am2')).statusCode).toBe(404);
  });

  it('sends to the account manager with links', async () => {
    ctx.clock.set('2026-04-11T02:00:00Z');
    const res = await post(`/api/v1/reports/operating/${reportId}/send`, 'kam');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ sentAt: '2026-04-11T02:00:00.000Z', sentToId: mine.accountManagerId });
    const [n] = await queryRows<{ title: string; data: { pdfUrl: string; viewUrl: string } }>(
      ctx.deps.db,
      sql`select title, data from notifications where user_id = ${mine.accountManagerId}::uuid and kind = 'operating_report' and entity_id = ${reportId}`,
    );
    expect(n?.title).toContain('运行报告');
    expect(n?.data.pdfUrl).toBe(`/api/v1/reports/operating/${reportId}/pdf`);
    expect(n?.data.viewUrl).toBe(`/reports/${reportId}`);
    expect((await post(`/api/v1/reports/operating/${reportId}/send`, 'am2')).statusCode).toBe(404);
    expect((await post(`/api/v1/reports/operating/${reportId}/send`, 'auditor')).statusCode).toBe(403);
  });
});

describe('monthly job', () => {
  it('generates and sends last month for every agreement in force, once', async () => {
    const customer = await customerOf(ctx, 'am1', 1);
    const s = await seedMarch(ctx, customer, 'J');
    // 1 April (Shanghai) is too early: the measurement of March runs first
    expect(await runMonthlyReportJob(ctx.deps, new Date('2026-03-31T17:00:00Z'))).toEqual({
      generated: 0,
      sent: 0,
    });
    const first = await runMonthlyReports(ctx.deps, new Date('2026-04-02T01:00:00Z'));
    expect(first.generated).toBeGreaterThanOrEqual(1);
    const [row] = await queryRows<{ sentAt: Date | null; sentToId: string | null }>(
      ctx.deps.db,
      sql`select sent_at as "sentAt", sent_to_id as "sentToId" from operating_reports where agreement_id = ${s.agreementId}::uuid and period = '2026-03'`,
    );
    expect(row?.sentToId).toBe(customer.accountManagerId);
    const again = await runMonthlyReports(ctx.deps, new Date('2026-04-02T02:00:00Z'));
    expect(again).toEqual({ generated: 0, sent: 0 });
    // the report generated by hand earlier for agreement A was left alone (not regenerated)
    const [a] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'operating_report' and actor_name = 'job:monthly-operating-reports'
            and after->>'agreementId' = ${seeded.agreementId}`,
    );
    expect(a?.n).toBe(0);
    expect(await userIdOf(ctx, 'am1')).toBe(mine.accountManagerId);
  });
});
