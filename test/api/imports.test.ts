import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { creditCodeProblem } from '../../src/domain/customers/credit-code.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { setImmediateDelivery } from '../../src/modules/events/delivery.service.ts';
import { runImportCommand } from '../../src/modules/imports/imports.cli.ts';
import { createTestContext, type TestContext } from '../harness.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fixture = (name: string) => new URL(`../fixtures/imports/${name}`, import.meta.url);

let ctx: TestContext;
let demoAt: Date;
let admin: { authorization: string };
let kam: { authorization: string };

beforeAll(async () => {
  ctx = await createTestContext();
  demoAt = ctx.clock.now;
  ctx.clock.set('2026-11-23T09:00:00+08:00');
  admin = await ctx.auth('admin');
  kam = await ctx.auth('kam');
});
afterAll(() => ctx.close());

type Issue = { line: number; field: string; reason: string };

const upload = (
  kind: string,
  body: string | Buffer,
  options: { headers?: Record<string, string>; mode?: string; type?: string; fileName?: string } = {},
) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${kind}?fileName=${encodeURIComponent(options.fileName ?? `${kind}.csv`)}${options.mode ? `&mode=${options.mode}` : ''}`,
    headers: { ...(options.headers ?? admin), 'content-type': options.type ?? 'text/csv' },
    payload: body,
  });

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(ctx.deps.db, query);

/** A ticket opened by the front desk over the phone; its id. */
async function openTicket(
  customerId: string,
  fields: { ticketType: string; severity: string; name: string; description: string },
): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: await ctx.auth('frontdesk'),
    payload: { customerId, channel: 'phone', ...fields },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const customerSnapshot = () =>
  rows<Record<string, unknown>>(sql`
    SELECT c.code, c.name, c.credit_code, c.industry, c.region_code, p.code AS parent, c.is_headquarters,
      u.username AS am, c.customer_since::text AS since, c.address, c.phone, c.employees, c.version,
      c.updated_at::text AS updated
    FROM customers c LEFT JOIN customers p ON p.id = c.parent_id LEFT JOIN users u ON u.id = c.account_manager_id
    WHERE c.code LIKE 'T%' ORDER BY c.code`);

const billingSnapshot = () =>
  rows<Record<string, unknown>>(sql`
    SELECT c.code, b.month::text AS month, b.revenue_fen, b.voice_fen, b.data_fen, b.bandwidth_fen,
      b.new_services_fen, b.idc_fen, b.driven_fen, b.arrears_months, b.dedicated_cost_fen, b.new_services_count
    FROM billing_monthly b JOIN customers c ON c.id = b.customer_id
    WHERE c.code LIKE 'T%' ORDER BY c.code, b.month`);

describe('customers import', () => {
  it('imports a CSV with a BOM and Chinese headers, linking groups and account managers', async () => {
    const res = await upload('customers', readFileSync(fixture('customers.csv')));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'customers',
      format: 'csv',
      status: 'done',
      mode: 'all-or-nothing',
      rowsRead: 4,
      rowsImported: 4,
      rowsRejected: 0,
      errors: [],
      startedBy: 'admin',
    });
    const snapshot = await customerSnapshot();
    expect(snapshot.map((c) => [c.code, c.parent, c.am, c.industry, c.is_headquarters])).toEqual([
      ['T001', null, 'am1', 'C', true],
      ['T002', 'T001', 'am1', 'C', false],
      ['T003', 'T001', 'am2', 'I', false],
      ['T004', null, null, 'Q', true],
    ]);
    expect(snapshot[1]).toMatchObject({
      address: '广州市番禺区市桥街示例路8号,B座',
      credit_code: '91440101MA59T0022D',
      since: '2015-07-15',
      employees: 640,
    });
  });

  it('gives the same state when the same file is imported again', async () => {
    const before = await customerSnapshot();
    ctx.clock.advance(60_000);
    const res = await upload('customers', readFileSync(fixture('customers.csv')));
    expect(res.statusCode).toBe(200);
    expect(await customerSnapshot()).toEqual(before);
  });

  it("hands a customer's tickets and open tasks to the account manager the file names", async () => {
    const [t002] = await rows<{ id: string }>(sql`SELECT id FROM customers WHERE code = 'T002'`);
    const user = async (name: string) =>
      (await rows<{ id: string }>(sql`SELECT id FROM users WHERE username = ${name}`))[0]!.id;
    const [am1, am2] = [await user('am1'), await user('am2')];
    const ticketId = await openTicket(t002!.id, {
      ticketType: 'fault',
      severity: 'major',
      name: '专线中断',
      description: '番禺分公司专线中断',
    });
    const task = (status: string, key: string) => sql`
      INSERT INTO action_tasks (customer_id, action_code, action_kind, level, catalog_version, occurrence_key,
        owner_id, region_code, month, start_date, due_date, status, completed_date, completed_at)
      VALUES (${t002!.id}::uuid, 'visit', 'visit', '3A', 1, ${key}, ${am1}::uuid, 'GD-GZ', '2026-11',
        '2026-11-01', '2026-11-30', ${status}, ${status === 'done' ? '2026-11-10' : null}::date,
        ${status === 'done' ? '2026-11-10T02:00:00Z' : null}::timestamptz)`;
    await ctx.deps.db.execute(task('open', 'T-2026-11'));
    await ctx.deps.db.execute(task('done', 'T-2026-10'));
    const ticketAm = async () =>
      (
        await rows<{ am: string }>(
          sql`SELECT account_manager_id AS am FROM tickets WHERE id = ${ticketId}::uuid`,
        )
      )[0]!.am;
    const taskOwners = () =>
      rows<{ key: string; owner: string }>(
        sql`SELECT occurrence_key AS key, owner_id AS owner FROM action_tasks
            WHERE customer_id = ${t002!.id}::uuid ORDER BY occurrence_key`,
      );
    const reassign = (am: string) =>
      upload(
        'customers',
        `code,name,industry,regionCode,accountManager\nT002,广州粤联控股集团有限公司番禺分公司,C,GD-GZ,${am}\n`,
      );

    const res = await reassign('am2');
    expect(res.statusCode, res.body).toBe(200);
    expect(await ticketAm()).toBe(am2);
    expect(await taskOwners()).toEqual([
      { key: 'T-2026-10', owner: am1 }, // done: stays with whoever did it
      { key: 'T-2026-11', owner: am2 },
    ]);
    const get = async (who: string) =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/tickets/${ticketId}`,
          headers: await ctx.auth(who),
        })
      ).statusCode;
    expect(await get('am2')).toBe(200);
    expect(await get('am1')).toBe(404);
    const [audit] = await rows<{ after: { moved?: unknown } }>(
      sql`SELECT after FROM audit_log WHERE entity = 'import' AND entity_id = ${res.json().id} AND action = 'import'`,
    );
    expect(audit!.after.moved).toEqual({ tickets: 1, orders: 0, tasks: 1 });
    // the customer's transfer history shows the import's change like a transfer by hand
    const transfers = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/customers/${t002!.id}/transfers`,
          headers: admin,
        })
      ).json<
        {
          from: { id: string };
          to: { id: string; name: string };
          reason: string;
          actorName: string;
          moved: unknown;
        }[]
      >();
    const [imported] = await transfers();
    expect(imported).toMatchObject({
      from: { id: am1 },
      to: { id: am2 },
      reason: `导入 ${res.json().id}`,
      actorName: 'admin',
      moved: { tickets: 1, orders: 0, tasks: 1 },
    });
    expect(imported!.to.name).toBeTruthy();

    // and back, so the file of the other tests still describes the state — with a hub
    // subscription listening: the moved ticket's subscribers are told
    setImmediateDelivery(false);
    try {
      await ctx.deps.db.execute(sql`INSERT INTO hub_subscriptions (api, callback, secret, created_by)
        VALUES ('troubleTicket', 'http://127.0.0.1:9/events', 'a-secret', 'admin')`);
      expect((await reassign('am1')).statusCode).toBe(200);
      const events = await rows<{ type: string; ticket: string; am: string }>(
        sql`SELECT event_type AS type, payload #>> '{event,troubleTicket,id}' AS ticket,
            (SELECT p #>> '{partyOrPartyRole,id}' FROM jsonb_array_elements(payload #> '{event,troubleTicket,relatedParty}') p
              WHERE p ->> 'role' = 'accountManager') AS am
          FROM outbox ORDER BY id`,
      );
      expect(events).toEqual([{ type: 'TroubleTicketAttributeValueChangeEvent', ticket: ticketId, am: am1 }]);
    } finally {
      await ctx.deps.db.execute(sql`DELETE FROM outbox`);
      await ctx.deps.db.execute(sql`DELETE FROM hub_subscriptions`);
      setImmediateDelivery(true);
    }
    // a file that changes nothing adds no transfer
    expect((await reassign('am1')).statusCode).toBe(200);
    expect((await transfers()).map((t) => t.to.id)).toEqual([am1, am2]);
    expect(await ticketAm()).toBe(am1);
    expect((await taskOwners()).map((t) => t.owner)).toEqual([am1, am1]);
  });

  it("moves a customer's tickets and open tasks to the region the file names", async () => {
    const [t002] = await rows<{ id: string }>(sql`SELECT id FROM customers WHERE code = 'T002'`);
    const regionsOf = async () =>
      (
        await rows<{ tickets: string[] | null; tasks: string[] | null }>(
          sql`SELECT (SELECT array_agg(DISTINCT region_code) FROM tickets WHERE customer_id = ${t002!.id}::uuid) AS tickets,
            (SELECT array_agg(region_code ORDER BY occurrence_key) FROM action_tasks
              WHERE customer_id = ${t002!.id}::uuid) AS tasks`,
        )
      )[0]!;
    const before = await regionsOf();
    expect(before.tickets).toEqual(['GD-GZ']); // the ticket of the test above
    const move = (region: string) =>
      upload(
        'customers',
        `code,name,industry,regionCode,accountManager\nT002,广州粤联控股集团有限公司番禺分公司,C,${region},am1\n`,
      );
    const res = await move('GD-SZ');
    expect(res.statusCode, res.body).toBe(200);
    expect(await regionsOf()).toEqual({ tickets: ['GD-SZ'], tasks: ['GD-GZ', 'GD-SZ'] }); // done task stays
    const [audit] = await rows<{ after: { regionMoved?: unknown } }>(
      sql`SELECT after FROM audit_log WHERE entity = 'import' AND entity_id = ${res.json().id} AND action = 'import'`,
    );
    expect(audit!.after.regionMoved).toEqual({ tickets: 1, orders: 0, tasks: 1, visits: 0 });
    // and back
    expect((await move('GD-GZ')).statusCode).toBe(200);
    expect(await regionsOf()).toEqual({ tickets: ['GD-GZ'], tasks: ['GD-GZ', 'GD-GZ'] });
  });

  it('recomputes the clocks of open tickets that change calendar with the region the file names', async () => {
    const [t002] = await rows<{ id: string }>(sql`SELECT id FROM customers WHERE code = 'T002'`);
    await openTicket(t002!.id, {
      ticketType: 'inquiry',
      severity: 'minor',
      name: '咨询',
      description: '资费咨询',
    });
    // Shenzhen has a day of its own: its calendar is not the national one
    const calendar = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/import?region=GD-SZ',
      headers: await ctx.auth('admin'),
      payload: {
        year: 2026,
        region: 'GD-SZ',
        source: 'test',
        days: [{ date: '2026-12-31', kind: 'holiday', name: '地方假日' }],
      },
    });
    expect(calendar.statusCode, calendar.body).toBe(200);
    const [open] = await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM tickets t WHERE t.customer_id = ${t002!.id}::uuid
        AND t.status NOT IN ('closed', 'cancelled', 'rejected')
        AND EXISTS (SELECT 1 FROM sla_instances s WHERE s.ticket_id = t.id
          AND s.stage IN ('inProgress', 'paused') AND s.clock->>'kind' = 'businessHours')`,
    );
    expect(open!.n).toBeGreaterThanOrEqual(1);
    const move = async (region: string) => {
      const res = await upload(
        'customers',
        `code,name,industry,regionCode,accountManager\nT002,广州粤联控股集团有限公司番禺分公司,C,${region},am1\n`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const [audit] = await rows<{ after: { regionMoved?: { clocksRecomputed?: number } } }>(
        sql`SELECT after FROM audit_log WHERE entity = 'import' AND entity_id = ${res.json().id} AND action = 'import'`,
      );
      return audit!.after.regionMoved?.clocksRecomputed;
    };
    expect(await move('GD-SZ')).toBe(open!.n); // into a region with days of its own
    expect(await move('GD-GZ')).toBe(open!.n); // and out of it
    expect(await move('GD-FS')).toBeUndefined(); // between two national calendars: nothing to redo
    expect(await move('GD-GZ')).toBeUndefined();
  });

  it('reports every bad row with line and field and writes nothing', async () => {
    const file = [
      'code,name,creditCode,industry,regionCode,parentCode,accountManager,employees',
      'T101,好公司甲,,C,GD-GZ,,am1,10', // 2: good
      'T102,校验位错误公司,91440101MA59T0011X,C,GD-GZ,,,', // 3: check digit
      'T103,未知行业公司,,Z,GD-GZ,,,', // 4: industry
      'T104,未知地区公司,,C,XX-YY,,,', // 5: region
      'T105,未知经理公司,,C,GD-GZ,,nobody,', // 6: account manager
      'T101,重复编码公司,,C,GD-GZ,,,', // 7: duplicate code
      'T106,无上级公司,,C,GD-GZ,T999,,', // 8: unknown parent
      'T107,负员工公司,,C,GD-GZ,,,-5', // 9: negative
      'T108,,,C,GD-GZ,,,', // 10: name required
      'T109,借用信用代码公司,91440101MA59T00119,C,GD-GZ,,,', // 11: credit code of T001
      'T110,后有上级公司,,C,GD-GZ,T111,,', // 12: parent only later in the file
      'T111,好公司乙,,C,GD-GZ,T101,,', // 13: good (parent earlier)
    ].join('\n');
    const before = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM customers`);
    const res = await upload('customers', file);
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('IMPORT_INVALID');
    expect(problem.rows.map((r: Issue) => [r.line, r.field])).toEqual([
      [3, 'creditCode'],
      [4, 'industry'],
      [5, 'regionCode'],
      [6, 'accountManager'],
      [7, 'code'],
      [8, 'parentCode'],
      [9, 'employees'],
      [10, 'name'],
      [11, 'creditCode'],
      [12, 'parentCode'],
    ]);
    expect(problem.rows[8].reason).toBe('already used by customer T001');
    expect(problem.rows[4].reason).toBe('duplicate of line 2');
    expect(problem.errors[0]).toEqual({
      field: 'line 3: creditCode',
      message: 'the check character (18th) does not match GB 32100-2015',
    });
    expect(await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM customers`)).toEqual(before);
    const run = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${problem.runId}`,
      headers: admin,
    });
    expect(run.json()).toMatchObject({ status: 'rejected', rowsRead: 12, rowsImported: 0, rowsRejected: 10 });

    // Partial mode imports the two good rows and reports the same bad ones.
    const partial = await upload('customers', file, { mode: 'partial' });
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({
      status: 'done',
      mode: 'partial',
      rowsImported: 2,
      rowsRejected: 10,
    });
    expect((await customerSnapshot()).map((c) => c.code)).toEqual(expect.arrayContaining(['T101', 'T111']));
  });

  it('refuses a file that would close a loop in the group hierarchy', async () => {
    const res = await upload(
      'customers',
      'code,name,industry,regionCode,parentCode\nT001,广州粤联控股集团有限公司,C,GD-GZ,T002\n',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().rows).toEqual([
      { line: 2, field: 'parentCode', reason: 'customer T001 would become its own group (a cycle)' },
    ]);
    expect((await customerSnapshot()).find((c) => c.code === 'T001')?.parent).toBeNull();
  });

  it('refuses a missing required column on line 1', async () => {
    const res = await upload('customers', 'code,name\nT200,没有行业\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().rows.map((r: Issue) => [r.line, r.field])).toEqual([
      [1, 'industry'],
      [1, 'regionCode'],
    ]);
  });

  it('keeps a kam_manager inside its region and refuses other roles', async () => {
    const res = await upload('customers', 'code,name,industry,regionCode\nT300,南宁示例公司,F,GX-NN\n', {
      headers: kam,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().rows).toEqual([
      { line: 2, field: 'regionCode', reason: 'region GX-NN is outside your region' },
    ]);
    for (const user of ['am1', 'analyst', 'frontdesk']) {
      const denied = await upload('billing', readFileSync(fixture('billing.csv')), {
        headers: await ctx.auth(user),
      });
      expect(denied.statusCode, user).toBe(403);
    }
  });
});

describe('billing import', () => {
  it('stores yuan as exact fen and is idempotent', async () => {
    const res = await upload('billing', readFileSync(fixture('billing.csv')));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rowsRead: 4, rowsImported: 4 });
    const first = await billingSnapshot();
    expect(first[0]).toEqual({
      code: 'T001',
      month: '2026-09-01',
      revenue_fen: 123456729,
      voice_fen: 20000000,
      data_fen: 30000050,
      bandwidth_fen: 50000000,
      new_services_fen: 10000079,
      idc_fen: 5000000,
      driven_fen: 8000000,
      arrears_months: 0,
      dedicated_cost_fen: 1200000,
      new_services_count: 3,
    });
    expect(first[1]?.driven_fen).toBeNull();
    expect(await upload('billing', readFileSync(fixture('billing.csv')))).toHaveProperty('statusCode', 200);
    expect(await billingSnapshot()).toEqual(first);
  });

  it('reports unknown customers, bad months, negative money and duplicates; nothing is written', async () => {
    const file = [
      '客户编码,月份,出账收入,语音收入',
      'T001,2026-08,1000,100', // 2: good
      'NOPE,2026-08,1000,0', // 3: unknown customer
      'T001,2026-13,1000,0', // 4: month
      'T002,2026-08,-1,0', // 5: negative
      'T001,2026-08,900,0', // 6: duplicate (T001, 2026-08)
      'T002,2026-08,10.001,0', // 7: three decimals
      'T002,2026-07,100,200', // 8: family above revenue
      'GONE,2026-07,-5,0', // 9: unknown customer and negative revenue: both reported
    ].join('\r\n');
    const res = await upload('billing', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().rows).toEqual([
      { line: 3, field: 'customerCode', reason: 'unknown customer NOPE' },
      { line: 4, field: 'month', reason: 'no month 13' },
      { line: 5, field: 'revenue', reason: 'must not be negative' },
      { line: 6, field: 'month', reason: 'duplicate of line 2' },
      { line: 7, field: 'revenue', reason: 'at most 2 decimals (yuan.fen)' },
      {
        line: 8,
        field: 'revenue',
        reason: 'the product families add up to 200.00, more than the revenue 100.00',
      },
      { line: 9, field: 'revenue', reason: 'must not be negative' },
      { line: 9, field: 'customerCode', reason: 'unknown customer GONE' },
    ]);
    expect((await billingSnapshot()).some((b) => b.month === '2026-08-01')).toBe(false);
  });

  it('imports an XLSX whose workbook part comes after its worksheet (a valid zip order)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('账单').addRows([
      ['客户编码', '月份', '出账收入(元)'],
      ['T004', '2026-03', 100],
    ]);
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    const parts = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
    // shared strings and the relations first, then the worksheet, the workbook part last
    const order = [
      ...parts.filter((n) => n.endsWith('.rels') || n === 'xl/sharedStrings.xml'),
      'xl/worksheets/sheet1.xml',
    ];
    order.push(...parts.filter((n) => !order.includes(n) && n !== 'xl/workbook.xml'), 'xl/workbook.xml');
    const reordered = new JSZip();
    for (const name of order) reordered.file(name, await zip.files[name]!.async('uint8array'));
    const buffer = await reordered.generateAsync({ type: 'nodebuffer' });
    const res = await upload('billing', buffer, { type: XLSX, fileName: 'reordered.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'xlsx', rowsRead: 1, rowsImported: 1 });
  });

  it('imports an XLSX workbook with numeric and date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('账单');
    ws.addRow(['客户编码', '月份', '出账收入(元)', '带宽收入', '欠费月数']);
    ws.addRow(['T003', new Date(Date.UTC(2026, 9, 1)), 88000.5, 30000, 0]);
    ws.getCell('B2').numFmt = 'yyyy-mm';
    ws.addRow(['T003', '2026-09', { formula: '0.1+0.2', result: 0.30000000000000004 }, 0, 2]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('billing', buffer, { type: XLSX, fileName: 'billing.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'xlsx',
      rowsRead: 2,
      rowsImported: 2,
      fileName: 'billing.xlsx',
    });
    const t003 = (await billingSnapshot()).filter((b) => b.code === 'T003');
    expect(t003.map((b) => [b.month, b.revenue_fen, b.bandwidth_fen, b.arrears_months])).toEqual([
      ['2026-09-01', 30, 0, 2],
      ['2026-10-01', 8800050, 3000000, 0],
    ]);
  });

  it('reports bad XLSX rows by worksheet row number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('billing');
    ws.addRow(['customerCode', 'month', 'revenue']);
    ws.addRow(['T003', '2026-06', 100]);
    ws.addRow(['T003', '2026-06', -100]);
    const res = await upload('billing', Buffer.from(await wb.xlsx.writeBuffer()), { type: XLSX });
    expect(res.statusCode).toBe(400);
    expect(res.json().rows).toEqual([{ line: 3, field: 'revenue', reason: 'must not be negative' }]);
  });

  it('reads GBK-encoded CSV exported by older Excel', async () => {
    // "客户编码,月份,出账收入" in GBK.
    const header = Buffer.from([
      0xbf, 0xcd, 0xbb, 0xa7, 0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xd4, 0xc2, 0xb7, 0xdd, 0x2c, 0xb3, 0xf6, 0xd5,
      0xcb, 0xca, 0xd5, 0xc8, 0xeb,
    ]);
    const res = await upload('billing', Buffer.concat([header, Buffer.from('\r\nT004,2026-05,500.25\r\n')]));
    expect(res.statusCode, res.body).toBe(200);
    expect(
      (await billingSnapshot()).find((b) => b.code === 'T004' && b.month === '2026-05-01')?.revenue_fen,
    ).toBe(50025);
  });

  it('runs from the CLI with the same rules', async () => {
    const run = await runImportCommand(ctx.deps, {
      kind: 'billing',
      file: fixture('billing.csv').pathname,
      partial: false,
    });
    expect(run).toMatchObject({
      status: 'done',
      rowsImported: 4,
      startedBy: 'cli:import',
      fileName: 'billing.csv',
    });
  });
});

describe('satisfaction and indicator imports', () => {
  it('imports satisfaction, competitor satisfaction and share of wallet', async () => {
    const res = await upload(
      'satisfaction',
      '客户编码,期间,满意度,竞争对手满意度,钱包份额\nT001,2026-07,86,78,65%\nT002,2026-07,92,,0.4\n',
    );
    expect(res.statusCode, res.body).toBe(200);
    const stored = await rows<Record<string, unknown>>(sql`
      SELECT c.code, s.period::text AS period, s.satisfaction, s.competitor_satisfaction, s.wallet_share, s.source
      FROM customer_satisfaction s JOIN customers c ON c.id = s.customer_id WHERE c.code LIKE 'T%' ORDER BY c.code`);
    expect(stored).toEqual([
      {
        code: 'T001',
        period: '2026-07-01',
        satisfaction: 86,
        competitor_satisfaction: 78,
        wallet_share: 0.65,
        source: 'import',
      },
      {
        code: 'T002',
        period: '2026-07-01',
        satisfaction: 92,
        competitor_satisfaction: null,
        wallet_share: 0.4,
        source: 'import',
      },
    ]);
  });

  it('imports entered indicators and refuses scales outside 1–5', async () => {
    const bad = await upload(
      'indicators',
      'customerCode,period,indicator,value\nT001,2026-10,reciprocity,4\nT001,2026-10,价格敏感度,6\nT001,2026-10,avgMonthlyRevenue,5\n',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().rows.map((r: Issue) => [r.line, r.field])).toEqual([
      [3, 'value'],
      [4, 'indicator'],
    ]);
    const good = await upload(
      'indicators',
      'customerCode,period,indicator,value\nT001,2026-10,reciprocity,4\nT001,2026-10,demandForecast,1500000\nT001,2026-10,servicesMovedOut,1\n',
    );
    expect(good.statusCode, good.body).toBe(200);
    const stored = await rows<{ indicator: string; value: number }>(sql`
      SELECT i.indicator, i.value FROM indicator_inputs i JOIN customers c ON c.id = i.customer_id
      WHERE c.code = 'T001' ORDER BY i.indicator`);
    expect(stored).toEqual([
      { indicator: 'demandForecast', value: 150000000 },
      { indicator: 'reciprocity', value: 4 },
      { indicator: 'servicesMovedOut', value: 1 },
    ]);
  });
});

describe('history, report and templates', () => {
  it('lists runs newest first and audits each import', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/imports?kind=customers&limit=50',
      headers: kam,
    });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    expect(Number(res.headers['x-total-count'])).toBe(list.length);
    expect(list.map((r: { status: string }) => r.status)).toEqual(
      expect.arrayContaining(['done', 'rejected']),
    );
    expect(list[0]).not.toHaveProperty('errors');
    const audit = await rows<{ action: string; n: number }>(
      sql`SELECT action, count(*)::int AS n FROM audit_log WHERE entity = 'import' GROUP BY action ORDER BY action`,
    );
    expect(audit.map((a) => a.action)).toEqual(['import', 'import.rejected']);
  });

  it('serves CSV templates', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/billing.csv',
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.split('\r\n')[0]).toBe(
      '\uFEFFcustomerCode,month,revenue,voice,data,bandwidth,newServices,idc,driven,arrearsMonths,dedicatedCost,newServicesCount',
    );
    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/nothing.csv',
      headers: admin,
    });
    expect(missing.statusCode).toBe(400);
  });
});

describe('demo customers', () => {
  it('are deterministic for a seed and idempotent', async () => {
    const snapshot = () =>
      rows<Record<string, unknown>>(
        sql`SELECT c.id, c.code, c.name, c.credit_code, c.industry, c.region_code, p.code AS parent, u.username AS am,
              c.is_headquarters, c.customer_since::text AS since, c.employees, c.tier,
              (SELECT string_agg(k.id || k.name || k.role || coalesce(k.birthday::text, ''), ',' ORDER BY k.id)
                 FROM contacts k WHERE k.customer_id = c.id) AS contacts,
              (SELECT count(*)::int FROM billing_monthly b WHERE b.customer_id = c.id) AS months,
              (SELECT sum(revenue_fen)::bigint FROM billing_monthly b WHERE b.customer_id = c.id) AS revenue,
              (SELECT count(*)::int FROM indicator_inputs i WHERE i.customer_id = c.id) AS inputs,
              (SELECT string_agg(s.period::text || s.satisfaction, ',' ORDER BY s.period)
                 FROM customer_satisfaction s WHERE s.customer_id = c.id) AS satisfaction,
              (SELECT count(*)::int FROM customer_notes n WHERE n.customer_id = c.id) AS notes
            FROM customers c LEFT JOIN customers p ON p.id = c.parent_id LEFT JOIN users u ON u.id = c.account_manager_id
            WHERE c.code LIKE 'KA%' ORDER BY c.code`,
      );
    // The harness loaded the demo (seed 1, 20 customers) at `demoAt`; loading it again changes nothing.
    ctx.clock.set(demoAt);
    const first = await snapshot();
    const report = await runDemo(ctx.deps, systemActor('test'), { customers: 20, seed: 1 });
    expect(await snapshot()).toEqual(first);
    expect(report.generated.customers).toMatchObject({ customers: 20, billingMonths: 480 });
    expect(first).toHaveLength(20);
    expect(first.every((c) => c.months === 24)).toBe(true);
    expect(first.filter((c) => c.am === 'am1').length).toBeGreaterThan(1);
    expect(first.filter((c) => c.am === 'am2').length).toBeGreaterThan(1);
    expect(first.some((c) => c.parent !== null)).toBe(true);
    // Some customers have no indicator inputs on purpose (missing, never zero).
    expect(first.some((c) => c.inputs === 0)).toBe(true);
    expect(first.filter((c) => c.inputs === 0).length).toBeLessThan(10);
    ctx.clock.set('2026-11-23T09:00:00+08:00');
  });

  it('writes valid credit codes and 24 months ending with the month before now', async () => {
    const months = await rows<{ first: string; last: string }>(
      sql`SELECT min(month)::text AS first, max(month)::text AS last FROM billing_monthly b
          JOIN customers c ON c.id = b.customer_id WHERE c.code LIKE 'KA%'`,
    );
    const end = new Date(demoAt.getTime() + 8 * 3_600_000);
    const last = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 10);
    const first = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 24, 1))
      .toISOString()
      .slice(0, 10);
    expect(months[0]).toEqual({ first, last });
    const codes = await rows<{ credit_code: string }>(
      sql`SELECT credit_code FROM customers WHERE code LIKE 'KA%'`,
    );
    for (const { credit_code } of codes) expect(creditCodeProblem(credit_code), credit_code).toBeNull();
  });
});
