/**
 * Rows for the operating-report tests, written straight into the tables the other modules own
 * (circuits, agreements, measurements, outages, tickets, orders, slips), so the report is tested
 * against the table definitions whatever state those modules are in.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.ts';
import type { TestContext } from '../harness.ts';

export type Owned = { id: string; name: string; regionCode: string; accountManagerId: string };

/** A demo customer of the account manager `username` (am1 by default). */
export async function customerOf(ctx: TestContext, username = 'am1', skip = 0): Promise<Owned> {
  const rows = await queryRows<Owned>(
    ctx.deps.db,
    sql`select c.id, c.name, c.region_code as "regionCode", c.account_manager_id as "accountManagerId"
        from customers c join users u on u.id = c.account_manager_id
        where u.username = ${username} order by c.code`,
  );
  const row = rows[skip];
  if (!row) throw new Error(`no customer of ${username}`);
  return row;
}

export async function userIdOf(ctx: TestContext, username: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from users where username = ${username}`,
  );
  return row!.id;
}

export type Seeded = {
  agreementId: string;
  agreementNumber: string;
  circuitIds: string[];
  circuitNumbers: string[];
};

/**
 * March 2026 for one customer: an AA agreement (99.95 %, 4 h) over two circuits; circuit 1
 * measured at 99.99 %, circuit 2 not measured with a 5 h outage (restore breach) and an excluded
 * one; a fault ticket breached and escalated; two order lines (one on time, one 3 days late);
 * an SLA slip and a provisioning slip.
 */
export async function seedMarch(ctx: TestContext, customer: Owned, tag: string): Promise<Seeded> {
  const db = ctx.deps.db;
  const circuitIds = [randomUUID(), randomUUID()];
  const circuitNumbers = [`RPT-${tag}-01`, `RPT-${tag}-02`];
  for (const [i, id] of circuitIds.entries()) {
    await db.execute(sql`insert into circuits (id, circuit_number, customer_id, product, scope, activated_on)
      values (${id}::uuid, ${circuitNumbers[i]!}, ${customer.id}::uuid, ${i === 0 ? 'digital_circuit' : 'ddn'}, 'local', '2025-06-01')`);
  }
  const agreementId = randomUUID();
  const agreementNumber = `SLA-T-${tag}`;
  await db.execute(sql`insert into sla_agreements (id, agreement_number, customer_id, region_code, title, current_version, status, created_by)
    values (${agreementId}::uuid, ${agreementNumber}, ${customer.id}::uuid, ${customer.regionCode}, '专线 SLA 协议', 1, 'active', 'test')`);
  await db.execute(sql`insert into sla_agreement_versions (agreement_id, version, kind, sla_class, after_sales_level, targets, circuit_ids, valid_from, status, created_by)
    values (${agreementId}::uuid, 1, 'sla_commitment', 'AA', 'SL2', ${JSON.stringify({ availabilityPpm: 999_500, restoreMinutes: 240 })}::jsonb,
      ${JSON.stringify(circuitIds)}::jsonb, '2026-01-01', 'approved', 'test')`);
  for (const id of circuitIds) {
    await db.execute(
      sql`insert into sla_agreement_circuits (agreement_id, circuit_id) values (${agreementId}::uuid, ${id}::uuid)`,
    );
  }
  await db.execute(sql`insert into sla_measurements (agreement_id, agreement_version, circuit_id, customer_id, month, minutes_in_month,
      outage_minutes, outage_count, availability_ppm, target_availability_ppm, target_restore_minutes, max_restore_minutes, detail, computed_at)
    values (${agreementId}::uuid, 1, ${circuitIds[0]!}::uuid, ${customer.id}::uuid, '2026-03', 44640, 4, 1, 999910, 999500, 240, 4, '[]'::jsonb, '2026-04-01T01:00:00Z')`);
  const ticketId = randomUUID();
  await db.execute(sql`insert into tickets (id, number, customer_id, ticket_type, severity, priority, channel, name, description, status,
      status_changed_at, stage_code, department_code, circuit_id, region_code, desk_config_version, resolution_date, created_by, created_at)
    values (${ticketId}::uuid, ${`TT-${tag}`}, ${customer.id}::uuid, 'fault', 'major', 1, 'phone', '专线中断', '专线中断', 'closed',
      '2026-03-10T08:00:00Z', 'closed', 'ops', ${circuitIds[1]!}::uuid, ${customer.regionCode}, 1, '2026-03-10T07:00:00Z', 'test', '2026-03-10T02:05:00Z')`);
  const [sla] = await queryRows<{ id: number }>(
    db,
    sql`insert into sla_instances (ticket_id, definition_code, kind, desk_config_version, limit_minutes, clock, stage, started_at,
        stopped_at, breached, breached_at, evaluated_at)
      values (${ticketId}::uuid, 'restore', 'customer', 1, 240, '{"kind":"24x7"}'::jsonb, 'completed', '2026-03-10T02:05:00Z',
        '2026-03-10T07:00:00Z', true, '2026-03-10T06:05:00Z', '2026-03-10T07:00:00Z') returning id`,
  );
  await db.execute(sql`insert into ticket_escalations (ticket_id, sla_instance_id, level, threshold_percent, due_at, fired_at, actions)
    values (${ticketId}::uuid, ${sla!.id}, 1, 100, '2026-03-10T06:05:00Z', '2026-03-10T06:05:00Z', '[]'::jsonb)`);
  await db.execute(sql`insert into circuit_outages (circuit_id, customer_id, started_at, restored_at, source, ticket_id, cause, created_by)
    values (${circuitIds[1]!}::uuid, ${customer.id}::uuid, '2026-03-10T02:00:00Z', '2026-03-10T07:00:00Z', 'ticket', ${ticketId}::uuid, '光缆被挖断', 'test')`);
  await db.execute(sql`insert into circuit_outages (circuit_id, customer_id, started_at, restored_at, source, cause, excluded, created_by)
    values (${circuitIds[1]!}::uuid, ${customer.id}::uuid, '2026-03-12T02:00:00Z', '2026-03-12T03:00:00Z', 'manual', '客户割接', true, 'test')`);
  const orderId = randomUUID();
  await db.execute(sql`insert into product_orders (id, order_number, customer_id, region_code, state, created_by, created_at)
    values (${orderId}::uuid, ${`PO-T-${tag}`}, ${customer.id}::uuid, ${customer.regionCode}, 'completed', 'test', '2026-02-20T02:00:00Z')`);
  const lines = [
    { no: 1, cls: 'express', due: '2026-03-05', on: '2026-03-05', late: 0 },
    { no: 2, cls: 'normal', due: '2026-03-09', on: '2026-03-12', late: 3 },
  ];
  let lateItem = '';
  for (const l of lines) {
    const id = randomUUID();
    if (l.late) lateItem = id;
    await db.execute(sql`insert into product_order_items (id, order_id, line_no, product, provisioning_class, one_time_fee_fen, state, milestone,
        start_date, due_date, due_basis, activated_on, overdue_working_days)
      values (${id}::uuid, ${orderId}::uuid, ${l.no}, 'digital_circuit', ${l.cls}, 300000, 'completed', 'activated', '2026-02-20',
        ${l.due}::date, '{"source":"class"}'::jsonb, ${l.on}::date, ${l.late})`);
  }
  await db.execute(sql`insert into compensation_slips (slip_number, customer_id, region_code, kind, source_ref, order_id, order_item_id,
      computed_amount_fen, amount_fen, basis, status, raised_by, raised_at)
    values (${`CS-T-${tag}-1`}, ${customer.id}::uuid, ${customer.regionCode}, 'provisioning_late', ${lateItem}, ${orderId}::uuid, ${lateItem}::uuid,
      18000, 18000, '{}'::jsonb, 'approved', 'system', '2026-03-12T03:00:00Z')`);
  await db.execute(sql`insert into compensation_slips (slip_number, customer_id, region_code, kind, source_ref, agreement_id, circuit_id, period,
      computed_amount_fen, amount_fen, basis, status, raised_by, raised_at)
    values (${`CS-T-${tag}-2`}, ${customer.id}::uuid, ${customer.regionCode}, 'sla_restore', ${`${agreementId}:${circuitIds[1]}:2026-03`},
      ${agreementId}::uuid, ${circuitIds[1]!}::uuid, '2026-03', 50000, 50000, '{}'::jsonb, 'raised', 'system', '2026-04-01T01:00:00Z')`);
  return { agreementId, agreementNumber, circuitIds, circuitNumbers };
}
