/**
 * Reads of agreements, versions, outages and measurements — and the **one read path of a
 * circuit's service level** (`findServiceLevels`): circuits → sla_agreement_circuits → the active
 * agreement → its current version, valid on the day asked. Circuit views, the desk lookup and
 * ticket detail all call it, so an approval is visible everywhere at once.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import type { AgreementKind, Targets } from '../../domain/sla/targets.ts';
import { serviceLevelLabel, type VersionStatus } from '../../domain/sla/versions.ts';

export type ServiceLevel = {
  agreementId: string;
  agreementNumber: string;
  version: number;
  kind: string;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  label: string;
  targets: Targets;
  validFrom: string;
  validTo: string | null;
};

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The columns of a `ServiceLevel` (without its label), over `a` (agreement) and `v` (its version). */
const LEVEL_COLUMNS = sql`a.id as "agreementId", a.agreement_number as "agreementNumber",
  v.version, v.kind, v.sla_class as "slaClass", v.maintenance_level as "maintenanceLevel",
  v.after_sales_level as "afterSalesLevel", v.targets, v.valid_from::text as "validFrom",
  v.valid_to::text as "validTo"`;

/** The one read path: covered circuit `ac` → active agreement `a` → its current version `v`, valid `today`. */
const levelsInForce = (today: string) => sql`sla_agreement_circuits ac
  join sla_agreements a on a.id = ac.agreement_id and a.status = 'active'
  join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
  where v.valid_from <= ${today}::date and (v.valid_to is null or v.valid_to >= ${today}::date)`;

function toServiceLevel<R extends Omit<ServiceLevel, 'label'>>(r: R): R & ServiceLevel {
  return {
    ...r,
    version: Number(r.version),
    label: serviceLevelLabel({ ...r, kind: r.kind as AgreementKind }),
  };
}

/** The service level in force on `today` of each of `circuitIds` that has one. */
export async function findServiceLevels(
  ex: Executor,
  circuitIds: readonly string[],
  today: string,
): Promise<Map<string, ServiceLevel>> {
  const ids = [...new Set(circuitIds)];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<Omit<ServiceLevel, 'label'> & { circuitId: string }>(
    ex,
    sql`select ac.circuit_id as "circuitId", ${LEVEL_COLUMNS}
      from ${levelsInForce(today)} and ac.circuit_id in (${uuidList(ids)})`,
  );
  return new Map(rows.map(({ circuitId, ...r }) => [circuitId, toServiceLevel(r)]));
}

/**
 * The levels in force over a customer's circuits (`today`, Asia/Shanghai date), each with how many
 * of its circuits it covers — what a ticket without a circuit can show: the customer's coverage,
 * by agreement. Same read path as `findServiceLevels`.
 */
export async function findCustomerServiceLevels(
  ex: Executor,
  customerId: string,
  today: string,
): Promise<(ServiceLevel & { circuits: number })[]> {
  const rows = await queryRows<Omit<ServiceLevel, 'label'> & { circuits: number }>(
    ex,
    sql`select ${LEVEL_COLUMNS}, count(*)::int as circuits
      from ${levelsInForce(today)}
        and ac.circuit_id in (select k.id from circuits k where k.customer_id = ${customerId}::uuid)
      group by a.id, v.agreement_id, v.version
      order by a.agreement_number`,
  );
  return rows.map((r) => ({ ...toServiceLevel(r), circuits: Number(r.circuits) }));
}

// ------------------------------------------------------------------ agreements

export type AgreementRow = {
  id: string;
  agreementNumber: string;
  customerId: string;
  customerName: string;
  regionCode: string;
  title: string;
  status: string;
  currentVersion: number | null;
  pendingVersion: number | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  kind: string | null;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  validFrom: string | null;
  validTo: string | null;
  circuitCount: number | null;
};

const AGREEMENT_COLUMNS = sql`a.id, a.agreement_number as "agreementNumber", a.customer_id as "customerId",
  c.name as "customerName", a.region_code as "regionCode", a.title, a.status, a.current_version as "currentVersion",
  (select max(p.version) from sla_agreement_versions p where p.agreement_id = a.id and p.status in ('draft', 'pending'))
    as "pendingVersion",
  a.created_by as "createdBy", a.created_at as "createdAt", a.updated_at as "updatedAt",
  v.kind, v.sla_class as "slaClass", v.maintenance_level as "maintenanceLevel", v.after_sales_level as "afterSalesLevel",
  v.valid_from::text as "validFrom", v.valid_to::text as "validTo", jsonb_array_length(v.circuit_ids) as "circuitCount"`;

const AGREEMENT_FROM = sql`sla_agreements a join customers c on c.id = a.customer_id
  left join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version`;

const normaliseAgreement = (r: AgreementRow): AgreementRow => ({
  ...r,
  currentVersion: r.currentVersion === null ? null : Number(r.currentVersion),
  pendingVersion: r.pendingVersion === null ? null : Number(r.pendingVersion),
  circuitCount: r.circuitCount === null ? null : Number(r.circuitCount),
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
});

export type AgreementFilter = {
  customerId?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  pending?: boolean | undefined;
  q?: string | undefined;
};

export async function listAgreements(
  ex: Executor,
  visible: SQL,
  filter: AgreementFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: AgreementRow[] }> {
  const where: SQL[] = [visible];
  if (filter.customerId) where.push(sql`a.customer_id = ${filter.customerId}::uuid`);
  if (filter.status) where.push(sql`a.status = ${filter.status}`);
  if (filter.kind) where.push(sql`v.kind = ${filter.kind}`);
  if (filter.pending !== undefined) {
    const exists = sql`exists (select 1 from sla_agreement_versions p where p.agreement_id = a.id and p.status = 'pending')`;
    where.push(filter.pending ? exists : sql`not ${exists}`);
  }
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(sql`(a.agreement_number ilike ${like} or a.title ilike ${like} or c.name ilike ${like})`);
  }
  const condition = sql.join(where, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${AGREEMENT_FROM} where ${condition}`,
  );
  const rows = await queryRows<AgreementRow>(
    ex,
    sql`select ${AGREEMENT_COLUMNS} from ${AGREEMENT_FROM} where ${condition}
      order by a.updated_at desc, a.agreement_number desc limit ${page.limit} offset ${page.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(normaliseAgreement) };
}

export async function findAgreement(ex: Executor, visible: SQL, id: string): Promise<AgreementRow | null> {
  const [row] = await queryRows<AgreementRow>(
    ex,
    sql`select ${AGREEMENT_COLUMNS} from ${AGREEMENT_FROM} where a.id = ${id}::uuid and ${visible}`,
  );
  return row ? normaliseAgreement(row) : null;
}

export type VersionRow = {
  agreementId: string;
  version: number;
  kind: string;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  targets: Targets;
  compensationTerms: Record<string, unknown> | null;
  afterSales: Record<string, unknown> | null;
  circuitIds: string[];
  validFrom: string;
  validTo: string | null;
  status: VersionStatus;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: Date | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
};

const VERSION_COLUMNS = sql`v.agreement_id as "agreementId", v.version, v.kind, v.sla_class as "slaClass",
  v.maintenance_level as "maintenanceLevel", v.after_sales_level as "afterSalesLevel", v.targets,
  v.compensation_terms as "compensationTerms", v.after_sales as "afterSales", v.circuit_ids as "circuitIds",
  v.valid_from::text as "validFrom", v.valid_to::text as "validTo", v.status, v.note, v.created_by as "createdBy",
  v.created_at as "createdAt", v.submitted_by as "submittedBy", su.display_name as "submittedByName",
  v.submitted_at as "submittedAt", v.decided_by as "decidedBy", du.display_name as "decidedByName",
  v.decided_at as "decidedAt", v.decision_reason as "decisionReason"`;

const VERSION_FROM = sql`sla_agreement_versions v
  left join users su on su.id::text = v.submitted_by left join users du on du.id::text = v.decided_by`;

const dateOrNull = (d: Date | null) => (d === null ? null : new Date(d));
const normaliseVersion = (r: VersionRow): VersionRow => ({
  ...r,
  version: Number(r.version),
  createdAt: new Date(r.createdAt),
  submittedAt: dateOrNull(r.submittedAt),
  decidedAt: dateOrNull(r.decidedAt),
});

export async function listVersions(ex: Executor, agreementId: string): Promise<VersionRow[]> {
  const rows = await queryRows<VersionRow>(
    ex,
    sql`select ${VERSION_COLUMNS} from ${VERSION_FROM} where v.agreement_id = ${agreementId}::uuid order by v.version desc`,
  );
  return rows.map(normaliseVersion);
}

export async function findVersion(
  ex: Executor,
  agreementId: string,
  version: number,
  forUpdate = false,
): Promise<VersionRow | null> {
  const [row] = await queryRows<VersionRow>(
    ex,
    sql`select ${VERSION_COLUMNS} from ${VERSION_FROM}
      where v.agreement_id = ${agreementId}::uuid and v.version = ${version}
      ${forUpdate ? sql`for update of v` : sql``}`,
  );
  return row ? normaliseVersion(row) : null;
}

export type CircuitBrief = {
  id: string;
  customerId: string;
  circuitNumber: string;
  product: string;
  scope: string;
  bandwidthMbps: number | null;
  status: string;
};

export async function findCircuitsByIds(
  ex: Executor,
  ids: readonly string[],
  forUpdate = false,
): Promise<CircuitBrief[]> {
  if (ids.length === 0) return [];
  return queryRows<CircuitBrief>(
    ex,
    sql`select id, customer_id as "customerId", circuit_number as "circuitNumber", product, scope,
        bandwidth_mbps as "bandwidthMbps", status
      from circuits where id in (${uuidList(ids)}) order by id ${forUpdate ? sql`for update` : sql``}`,
  );
}

/** Covering rows of these circuits held by agreements other than `agreementId`, with that agreement's validity. */
export async function findOtherCoverage(
  ex: Executor,
  agreementId: string,
  circuitIds: readonly string[],
): Promise<
  {
    circuitId: string;
    agreementId: string;
    agreementNumber: string;
    status: string;
    validFrom: string | null;
    validTo: string | null;
  }[]
> {
  if (circuitIds.length === 0) return [];
  return queryRows(
    ex,
    sql`select ac.circuit_id as "circuitId", a.id as "agreementId", a.agreement_number as "agreementNumber", a.status,
        v.valid_from::text as "validFrom", v.valid_to::text as "validTo"
      from sla_agreement_circuits ac join sla_agreements a on a.id = ac.agreement_id
      left join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
      where ac.circuit_id in (${uuidList(circuitIds)}) and ac.agreement_id <> ${agreementId}::uuid`,
  );
}

// ------------------------------------------------------------------ outages

export type OutageRow = {
  id: string;
  circuitId: string;
  circuitNumber: string;
  customerId: string;
  customerName: string;
  startedAt: Date;
  restoredAt: Date | null;
  source: string;
  ticketId: string | null;
  ticketNumber: string | null;
  cause: string | null;
  excluded: boolean;
  note: string | null;
  createdBy: string;
  createdAt: Date;
};

const OUTAGE_COLUMNS = sql`o.id, o.circuit_id as "circuitId", k.circuit_number as "circuitNumber",
  o.customer_id as "customerId", c.name as "customerName", o.started_at as "startedAt", o.restored_at as "restoredAt",
  o.source, o.ticket_id as "ticketId", t.number as "ticketNumber", o.cause, o.excluded, o.note,
  o.created_by as "createdBy", o.created_at as "createdAt"`;

const OUTAGE_FROM = sql`circuit_outages o join circuits k on k.id = o.circuit_id
  join customers c on c.id = o.customer_id left join tickets t on t.id = o.ticket_id`;

const normaliseOutage = (r: OutageRow): OutageRow => ({
  ...r,
  startedAt: new Date(r.startedAt),
  restoredAt: dateOrNull(r.restoredAt),
  createdAt: new Date(r.createdAt),
});

export type OutageFilter = {
  circuitId?: string | undefined;
  customerId?: string | undefined;
  agreementId?: string | undefined;
  /** [from, to) epoch ms: outages overlapping it. */
  window?: { from: number; to: number } | undefined;
  open?: boolean | undefined;
  source?: string | undefined;
};

export async function listOutages(
  ex: Executor,
  visible: SQL,
  filter: OutageFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: OutageRow[] }> {
  const where: SQL[] = [visible];
  if (filter.circuitId) where.push(sql`o.circuit_id = ${filter.circuitId}::uuid`);
  if (filter.customerId) where.push(sql`o.customer_id = ${filter.customerId}::uuid`);
  if (filter.agreementId)
    where.push(sql`o.circuit_id in (select (jsonb_array_elements_text(v.circuit_ids))::uuid
      from sla_agreement_versions v where v.agreement_id = ${filter.agreementId}::uuid)`);
  if (filter.window) {
    const from = new Date(filter.window.from).toISOString();
    const to = new Date(filter.window.to).toISOString();
    where.push(
      sql`o.started_at < ${to}::timestamptz and (o.restored_at is null or o.restored_at > ${from}::timestamptz)`,
    );
  }
  if (filter.open !== undefined)
    where.push(filter.open ? sql`o.restored_at is null` : sql`o.restored_at is not null`);
  if (filter.source) where.push(sql`o.source = ${filter.source}`);
  const condition = sql.join(where, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${OUTAGE_FROM} where ${condition}`,
  );
  const rows = await queryRows<OutageRow>(
    ex,
    sql`select ${OUTAGE_COLUMNS} from ${OUTAGE_FROM} where ${condition}
      order by o.started_at desc, o.id limit ${page.limit} offset ${page.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(normaliseOutage) };
}

export async function findOutage(ex: Executor, visible: SQL, id: string): Promise<OutageRow | null> {
  const [row] = await queryRows<OutageRow>(
    ex,
    sql`select ${OUTAGE_COLUMNS} from ${OUTAGE_FROM} where o.id = ${id}::uuid and ${visible}`,
  );
  return row ? normaliseOutage(row) : null;
}

export type OutageInterval = { id: string; startedAt: Date; restoredAt: Date | null; excluded: boolean };

/** Outages of a circuit overlapping [from, to) (null bounds: unbounded), excluding `exceptId`. */
export async function findCircuitOutages(
  ex: Executor,
  circuitId: string,
  window: { from: Date | null; to: Date | null },
  exceptId: string | null = null,
): Promise<OutageInterval[]> {
  const rows = await queryRows<OutageInterval>(
    ex,
    sql`select id, started_at as "startedAt", restored_at as "restoredAt", excluded from circuit_outages
      where circuit_id = ${circuitId}::uuid
        ${window.to ? sql`and started_at < ${window.to.toISOString()}::timestamptz` : sql``}
        ${window.from ? sql`and (restored_at is null or restored_at > ${window.from.toISOString()}::timestamptz)` : sql``}
        ${exceptId ? sql`and id <> ${exceptId}::uuid` : sql``}
      order by started_at`,
  );
  return rows.map((r) => ({ ...r, startedAt: new Date(r.startedAt), restoredAt: dateOrNull(r.restoredAt) }));
}

/** Locks a circuit row (the outage-overlap check runs under it); null when missing. */
export async function lockCircuit(
  ex: Executor,
  id: string,
): Promise<{ id: string; customerId: string; circuitNumber: string } | null> {
  const [row] = await queryRows<{ id: string; customerId: string; circuitNumber: string }>(
    ex,
    sql`select id, customer_id as "customerId", circuit_number as "circuitNumber" from circuits
      where id = ${id}::uuid for update`,
  );
  return row ?? null;
}

// ------------------------------------------------------------------ measurements

export type MeasurementRow = {
  agreementId: string;
  agreementVersion: number;
  circuitId: string;
  circuitNumber: string;
  month: string;
  minutesInMonth: number;
  outageMinutes: number;
  outageCount: number;
  availabilityPpm: number;
  targetAvailabilityPpm: number | null;
  targetRestoreMinutes: number | null;
  maxRestoreMinutes: number | null;
  restoreBreaches: number;
  availabilityBreached: boolean;
  detail: Record<string, unknown>;
  computedAt: Date;
};

const MEASUREMENT_COLUMNS = sql`m.agreement_id as "agreementId", m.agreement_version as "agreementVersion",
  m.circuit_id as "circuitId", k.circuit_number as "circuitNumber", m.month, m.minutes_in_month as "minutesInMonth",
  m.outage_minutes as "outageMinutes", m.outage_count as "outageCount", m.availability_ppm as "availabilityPpm",
  m.target_availability_ppm as "targetAvailabilityPpm", m.target_restore_minutes as "targetRestoreMinutes",
  m.max_restore_minutes as "maxRestoreMinutes", m.restore_breaches as "restoreBreaches",
  m.availability_breached as "availabilityBreached", m.detail, m.computed_at as "computedAt"`;

export async function listMeasurements(
  ex: Executor,
  filter: { agreementId?: string; circuitId?: string; from?: string | undefined; to?: string | undefined },
): Promise<MeasurementRow[]> {
  const where: SQL[] = [sql`true`];
  if (filter.agreementId) where.push(sql`m.agreement_id = ${filter.agreementId}::uuid`);
  if (filter.circuitId) where.push(sql`m.circuit_id = ${filter.circuitId}::uuid`);
  if (filter.from) where.push(sql`m.month >= ${filter.from}`);
  if (filter.to) where.push(sql`m.month <= ${filter.to}`);
  const rows = await queryRows<MeasurementRow>(
    ex,
    sql`select ${MEASUREMENT_COLUMNS} from sla_measurements m join circuits k on k.id = m.circuit_id
      where ${sql.join(where, sql` and `)} order by m.month, k.circuit_number`,
  );
  return rows.map((r) => ({
    ...r,
    agreementVersion: Number(r.agreementVersion),
    computedAt: new Date(r.computedAt),
  }));
}
