/**
 * Reads for the operating report: one customer's month gathered straight from the tables the
 * other modules fill (agreements, measurements, outages, tickets, orders, slips, meetings), and
 * the report rows themselves.
 */
import { type SQL, sql } from 'drizzle-orm';
import { isoOf, isoOrNull } from '../../db/columns.ts';
import { type Executor, queryRows } from '../../db/database.ts';
import type { PeriodBounds } from '../../domain/reports/period.ts';
import type { OperatingReportInput, ReportTargets } from '../../domain/reports/report-data.ts';

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

function targetsOf(targets: unknown): ReportTargets {
  const t = (targets ?? {}) as Record<string, unknown>;
  return { availabilityPpm: num(t.availabilityPpm), restoreMinutes: num(t.restoreMinutes) };
}

export type AgreementRow = {
  id: string;
  agreementNumber: string;
  customerId: string;
  title: string;
  status: string;
  currentVersion: number | null;
  kind: string | null;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  validFrom: string | null;
  validTo: string | null;
  targets: unknown;
};

export async function findAgreement(ex: Executor, id: string): Promise<AgreementRow | null> {
  const [row] = await queryRows<AgreementRow>(
    ex,
    sql`select a.id, a.agreement_number as "agreementNumber", a.customer_id as "customerId", a.title, a.status,
          a.current_version as "currentVersion", v.kind, v.sla_class as "slaClass",
          v.maintenance_level as "maintenanceLevel", v.after_sales_level as "afterSalesLevel",
          v.valid_from::text as "validFrom", v.valid_to::text as "validTo", v.targets
        from sla_agreements a
        left join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
        where a.id = ${id}::uuid`,
  );
  return row ?? null;
}

export type CustomerHead = {
  id: string;
  code: string;
  name: string;
  tier: string | null;
  regionCode: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
};

export async function findCustomerHead(ex: Executor, id: string): Promise<CustomerHead | null> {
  const [row] = await queryRows<CustomerHead>(
    ex,
    sql`select c.id, c.code, c.name, c.tier, c.region_code as "regionCode", c.account_manager_id as "accountManagerId",
          u.display_name as "accountManagerName"
        from customers c left join users u on u.id = c.account_manager_id
        where c.id = ${id}::uuid`,
  );
  return row ?? null;
}

/** Everything the report needs for one customer's month (per agreement, or its whole service). */
export async function gatherReportRows(
  ex: Executor,
  customer: CustomerHead,
  agreement: AgreementRow | null,
  bounds: PeriodBounds,
): Promise<Omit<OperatingReportInput, 'period' | 'generatedAt' | 'customer' | 'agreement'>> {
  const { period, startAt, endAt, firstDate, lastDate } = bounds;
  const cid = customer.id;
  // The circuits reported on: the agreement's covered set (now, in its version in force, and as
  // measured that month), or all of the customer's circuits.
  const circuitSet: SQL = agreement
    ? sql`(select circuit_id from sla_agreement_circuits where agreement_id = ${agreement.id}::uuid
           union select circuit_id from sla_measurements where agreement_id = ${agreement.id}::uuid and month = ${period}
           union select x::uuid from sla_agreement_versions v, jsonb_array_elements_text(v.circuit_ids) x
             where v.agreement_id = ${agreement.id}::uuid and v.version = ${agreement.currentVersion ?? -1})`
    : sql`(select id from circuits where customer_id = ${cid}::uuid)`;

  const circuitRows = await queryRows<{
    id: string;
    circuitNumber: string;
    product: string;
    agreementNumber: string | null;
    targets: unknown;
  }>(
    ex,
    sql`select k.id, k.circuit_number as "circuitNumber", k.product,
          a.agreement_number as "agreementNumber", v.targets
        from circuits k
        left join sla_agreement_circuits ac on ac.circuit_id = k.id
        left join sla_agreements a on a.id = ${agreement ? sql`${agreement.id}::uuid` : sql`ac.agreement_id`}
        left join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
        where k.id in ${circuitSet}
        order by k.circuit_number`,
  );
  const circuits = circuitRows.map((c) => ({
    id: c.id,
    circuitNumber: c.circuitNumber,
    product: c.product,
    agreementNumber: c.agreementNumber,
    targets: targetsOf(c.targets),
  }));

  const measurements = await queryRows<OperatingReportInput['measurements'][number]>(
    ex,
    sql`select distinct on (m.circuit_id) m.circuit_id as "circuitId", m.availability_ppm as "availabilityPpm",
          m.target_availability_ppm as "targetAvailabilityPpm", m.target_restore_minutes as "targetRestoreMinutes",
          m.outage_minutes as "outageMinutes", m.outage_count as "outageCount",
          m.max_restore_minutes as "maxRestoreMinutes", m.restore_breaches as "restoreBreaches",
          m.availability_breached as "availabilityBreached"
        from sla_measurements m
        where m.month = ${period} and m.customer_id = ${cid}::uuid and m.circuit_id in ${circuitSet}
          ${agreement ? sql`and m.agreement_id = ${agreement.id}::uuid` : sql``}
        order by m.circuit_id, m.computed_at desc`,
  );

  const outageRows = await queryRows<{
    circuitId: string;
    startedAt: unknown;
    restoredAt: unknown;
    source: string;
    cause: string | null;
    excluded: boolean;
    ticketNumber: string | null;
  }>(
    ex,
    sql`select o.circuit_id as "circuitId", o.started_at as "startedAt", o.restored_at as "restoredAt", o.source,
          o.cause, o.excluded, t.number as "ticketNumber"
        from circuit_outages o left join tickets t on t.id = o.ticket_id
        where o.circuit_id in ${circuitSet}
          and o.started_at < ${endAt}::timestamptz
          and (o.restored_at is null or o.restored_at > ${startAt}::timestamptz)
        order by o.started_at`,
  );
  const outages = outageRows.map((o) => ({
    ...o,
    startedAt: isoOf(o.startedAt),
    restoredAt: isoOrNull(o.restoredAt),
  }));

  const ticketRows = await queryRows<{
    number: string;
    ticketType: string;
    status: string;
    createdAt: unknown;
    resolutionDate: unknown;
    hasCustomerLimit: boolean;
    breached: boolean;
    escalations: number;
  }>(
    ex,
    sql`select t.number, t.ticket_type as "ticketType", t.status, t.created_at as "createdAt",
          t.resolution_date as "resolutionDate",
          exists (select 1 from sla_instances s where s.ticket_id = t.id and s.kind = 'customer') as "hasCustomerLimit",
          exists (select 1 from sla_instances s where s.ticket_id = t.id and s.kind = 'customer' and s.breached) as "breached",
          (select count(*)::int from ticket_escalations e where e.ticket_id = t.id) as escalations
        from tickets t
        where t.customer_id = ${cid}::uuid
          and t.created_at >= ${startAt}::timestamptz and t.created_at < ${endAt}::timestamptz
          ${agreement ? sql`and t.circuit_id in ${circuitSet}` : sql``}
        order by t.created_at`,
  );
  const tickets = ticketRows.map((t) => ({
    ...t,
    createdAt: isoOf(t.createdAt),
    resolutionDate: isoOrNull(t.resolutionDate),
    escalations: Number(t.escalations),
  }));

  const orderLines = await queryRows<OperatingReportInput['orderLines'][number]>(
    ex,
    sql`select o.order_number as "orderNumber", i.line_no as "lineNo", i.product,
          i.provisioning_class as "provisioningClass", i.cross_operator as "crossOperator", i.state,
          i.due_date::text as "dueDate", i.due_provisional as "dueProvisional", i.activated_on::text as "activatedOn",
          i.overdue_working_days as "overdueWorkingDays", i.circuit_number as "circuitNumber"
        from product_order_items i join product_orders o on o.id = i.order_id
        where o.customer_id = ${cid}::uuid
          and ((i.activated_on between ${firstDate}::date and ${lastDate}::date)
            or (i.activated_on is null and i.state in ('acknowledged','inProgress')
                and i.due_date < ${lastDate}::date and o.created_at < ${endAt}::timestamptz))
        order by o.order_number, i.line_no`,
  );

  const slipRows = await queryRows<OperatingReportInput['slips'][number]>(
    ex,
    sql`select s.slip_number as "slipNumber", s.kind, s.status, s.amount_fen as "amountFen", s.period,
          k.circuit_number as "circuitNumber", o.order_number as "orderNumber"
        from compensation_slips s
        left join circuits k on k.id = s.circuit_id
        left join product_orders o on o.id = s.order_id
        where s.customer_id = ${cid}::uuid
          and (${agreement ? sql`(s.agreement_id = ${agreement.id}::uuid and s.period = ${period})` : sql`s.period = ${period}`}
            or (s.kind = 'provisioning_late' and s.raised_at >= ${startAt}::timestamptz and s.raised_at < ${endAt}::timestamptz))
        order by s.slip_number`,
  );
  const slips = slipRows.map((s) => ({ ...s, amountFen: Number(s.amountFen) }));

  const meetingRows = await queryRows<{
    id: string;
    heldOn: string;
    topic: string;
    place: string | null;
    attendees: unknown;
    minutes: string | null;
  }>(
    ex,
    sql`select m.id, m.held_on::text as "heldOn", m.topic, m.place, m.attendees, m.minutes
        from joint_meetings m
        where m.customer_id = ${cid}::uuid and m.held_on between ${firstDate}::date and ${lastDate}::date
        order by m.held_on`,
  );
  const actionRows = await queryRows<{
    meetingId: string;
    heldOn: string;
    topic: string;
    title: string;
    ownerName: string | null;
    dueDate: string | null;
    status: string;
  }>(
    ex,
    sql`select x.meeting_id as "meetingId", m.held_on::text as "heldOn", m.topic, x.title,
          coalesce(u.display_name, x.owner_name) as "ownerName", x.due_date::text as "dueDate", x.status
        from joint_meeting_actions x join joint_meetings m on m.id = x.meeting_id
        left join users u on u.id = x.owner_id
        where m.customer_id = ${cid}::uuid and m.held_on <= ${lastDate}::date
        order by m.held_on, x.created_at`,
  );
  const meetings = meetingRows.map((m) => ({
    id: m.id,
    heldOn: m.heldOn,
    topic: m.topic,
    place: m.place,
    attendees: Array.isArray(m.attendees) ? m.attendees.length : 0,
    minutes: m.minutes,
    actions: actionRows
      .filter((a) => a.meetingId === m.id)
      .map((a) => ({ title: a.title, ownerName: a.ownerName, dueDate: a.dueDate, status: a.status })),
  }));
  const openActions = actionRows
    .filter((a) => a.status === 'open')
    .map((a) => ({
      heldOn: a.heldOn,
      topic: a.topic,
      title: a.title,
      ownerName: a.ownerName,
      dueDate: a.dueDate,
    }));

  return { circuits, measurements, outages, tickets, orderLines, slips, meetings, openActions };
}

// ---------------------------------------------------------------- report rows

export type ReportRow = {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  regionCode: string;
  agreementId: string | null;
  agreementNumber: string | null;
  period: string;
  data: unknown;
  generatedBy: string;
  generatedAt: unknown;
  sentAt: unknown;
  sentToId: string | null;
  sentToName: string | null;
  accountManagerId: string | null;
};

export const REPORT_SELECT = sql`select r.id, r.customer_id as "customerId", c.code as "customerCode", c.name as "customerName",
    r.region_code as "regionCode", r.agreement_id as "agreementId", a.agreement_number as "agreementNumber",
    r.period, r.data, r.generated_by as "generatedBy", r.generated_at as "generatedAt", r.sent_at as "sentAt",
    r.sent_to_id as "sentToId", su.display_name as "sentToName", c.account_manager_id as "accountManagerId"
  from operating_reports r
  join customers c on c.id = r.customer_id
  left join sla_agreements a on a.id = r.agreement_id
  left join users su on su.id = r.sent_to_id`;

export async function findReport(ex: Executor, id: string, scope: SQL): Promise<ReportRow | null> {
  const [row] = await queryRows<ReportRow>(ex, sql`${REPORT_SELECT} where r.id = ${id}::uuid and ${scope}`);
  return row ?? null;
}

export async function findReportByKey(
  ex: Executor,
  customerId: string,
  agreementId: string | null,
  period: string,
): Promise<{ id: string; data: unknown; sentAt: unknown } | null> {
  const [row] = await queryRows<{ id: string; data: unknown; sentAt: unknown }>(
    ex,
    sql`select id, data, sent_at as "sentAt" from operating_reports
        where customer_id = ${customerId}::uuid and period = ${period}
          and coalesce(agreement_id, '00000000-0000-0000-0000-000000000000'::uuid)
            = coalesce(${agreementId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
        for update`,
  );
  return row ?? null;
}

/**
 * Inserts or replaces the report of (customer, agreement, period); `onlyIfMissing` leaves an
 * existing one alone (the job) and then returns null.
 */
export async function upsertReport(
  ex: Executor,
  row: {
    customerId: string;
    regionCode: string;
    agreementId: string | null;
    period: string;
    data: unknown;
    generatedBy: string;
    generatedAt: Date;
  },
  onlyIfMissing = false,
): Promise<string | null> {
  const action = onlyIfMissing
    ? sql`do nothing`
    : sql`do update set data = excluded.data, region_code = excluded.region_code, generated_by = excluded.generated_by,
            generated_at = excluded.generated_at, sent_at = null, sent_to_id = null`;
  const [out] = await queryRows<{ id: string }>(
    ex,
    sql`insert into operating_reports (customer_id, region_code, agreement_id, period, data, generated_by, generated_at)
        values (${row.customerId}::uuid, ${row.regionCode}, ${row.agreementId}::uuid, ${row.period},
          ${JSON.stringify(row.data)}::jsonb, ${row.generatedBy}, ${row.generatedAt.toISOString()}::timestamptz)
        on conflict (customer_id, coalesce(agreement_id, '00000000-0000-0000-0000-000000000000'::uuid), period)
        ${action}
        returning id`,
  );
  return out?.id ?? null;
}

export async function markSent(ex: Executor, id: string, userId: string, at: Date): Promise<void> {
  await ex.execute(
    sql`update operating_reports set sent_at = ${at.toISOString()}::timestamptz, sent_to_id = ${userId}::uuid where id = ${id}::uuid`,
  );
}

/** Agreements with an approved version in force during the period (the monthly job's list). */
export async function listAgreementsInForce(
  ex: Executor,
  bounds: PeriodBounds,
): Promise<{ agreementId: string; customerId: string }[]> {
  return queryRows(
    ex,
    sql`select a.id as "agreementId", a.customer_id as "customerId"
        from sla_agreements a
        join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
        where a.status in ('active','terminated')
          and v.valid_from <= ${bounds.lastDate}::date
          and (v.valid_to is null or v.valid_to >= ${bounds.firstDate}::date)
          and not exists (select 1 from operating_reports r where r.agreement_id = a.id and r.period = ${bounds.period})
        order by a.id`,
  );
}
