/**
 * Monthly operating reports (运行报告, PRODUCT.md §6): generated per customer and agreement (or
 * the customer's whole service) for a month, the figures frozen in `operating_reports.data`, read
 * as JSON, HTML or PDF, and sent to the customer's account manager. A monthly job generates and
 * sends last month's report for every agreement in force.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import { isoOf, isoOrNull } from '../../db/columns.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { shanghaiDateOf } from '../../domain/calendar/dates.ts';
import type { PrintableDocument } from '../../domain/documents/document.ts';
import { renderDocumentHtml } from '../../domain/documents/html.ts';
import { DomainError } from '../../domain/errors.ts';
import { buildOperatingReportDocument } from '../../domain/reports/operating-report.ts';
import { parsePeriod, periodBounds, periodOf, previousPeriod } from '../../domain/reports/period.ts';
import { computeOperatingReportData, type OperatingReportData } from '../../domain/reports/report-data.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { renderDocumentPdf } from '../documents/pdf.ts';
import { notify } from '../notifications/notifications.service.ts';
import {
  type AgreementRow,
  type CustomerHead,
  findAgreement,
  findCustomerHead,
  findReport,
  findReportByKey,
  gatherReportRows,
  listAgreementsInForce,
  markSent,
  REPORT_SELECT,
  type ReportRow,
  upsertReport,
} from './reports.repo.ts';

/** Who issues the documents. */
export const REPORT_ISSUER = '政企客户部（大客户服务中心）';

export type ReportSummary = OperatingReportData['summary'] & {
  tickets: number;
  ticketsWithinLimitRate: number | null;
  ordersOnTimeRate: number | null;
  compensationFen: number;
  openActions: number;
};

export type ReportView = {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  regionCode: string;
  agreementId: string | null;
  agreementNumber: string | null;
  period: string;
  generatedBy: string;
  generatedAt: string;
  sentAt: string | null;
  sentToId: string | null;
  sentToName: string | null;
  summary: ReportSummary;
};

export type ReportDetail = ReportView & { data: OperatingReportData };

function summaryOf(data: OperatingReportData): ReportSummary {
  const t = data.tickets;
  return {
    ...data.summary,
    tickets: t.total,
    ticketsWithinLimitRate:
      t.withLimit === 0 ? null : Math.round((t.resolvedWithinLimit * 1000) / t.withLimit) / 10,
    ordersOnTimeRate: data.orders.onTimeRate,
    compensationFen: data.compensation.totalFen,
    openActions: data.openActions.length,
  };
}

function toView(row: ReportRow): ReportView {
  const data = row.data as OperatingReportData;
  return {
    id: row.id,
    customerId: row.customerId,
    customerCode: row.customerCode,
    customerName: row.customerName,
    regionCode: row.regionCode,
    agreementId: row.agreementId,
    agreementNumber: row.agreementNumber,
    period: row.period,
    generatedBy: row.generatedBy,
    generatedAt: isoOf(row.generatedAt),
    sentAt: isoOrNull(row.sentAt),
    sentToId: row.sentToId,
    sentToName: row.sentToName,
    summary: summaryOf(data),
  };
}

const reportScope = (user: ScopedUser): SQL =>
  customerScopeOver(user, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` });

// ---------------------------------------------------------------- generate

/** The agreement of the customer to report on, checked: it must be the customer's and approved once. */
async function agreementFor(
  ex: Executor,
  customerId: string,
  agreementId: string | undefined | null,
): Promise<AgreementRow | null> {
  if (!agreementId) return null;
  const agreement = await findAgreement(ex, agreementId);
  if (!agreement || agreement.customerId !== customerId) {
    const message = 'not an agreement of this customer';
    throw new DomainError('VALIDATION_FAILED', `agreementId ${message}`, [{ field: 'agreementId', message }]);
  }
  if (agreement.currentVersion === null) {
    throw new DomainError(
      'CONFLICT',
      `Agreement ${agreement.agreementNumber} has no approved version to report on`,
      [{ field: 'agreementId', message: 'no approved version' }],
    );
  }
  return agreement;
}

/** Gathers and freezes the figures of one report (no save). */
export async function computeReportData(
  ex: Executor,
  customer: CustomerHead,
  agreement: AgreementRow | null,
  period: string,
  at: Date,
): Promise<OperatingReportData> {
  const bounds = periodBounds(period);
  const rows = await gatherReportRows(ex, customer, agreement, bounds);
  return computeOperatingReportData({
    period,
    generatedAt: at.toISOString(),
    customer: {
      id: customer.id,
      code: customer.code,
      name: customer.name,
      tier: customer.tier,
      regionCode: customer.regionCode,
      accountManagerName: customer.accountManagerName,
    },
    agreement: agreement
      ? {
          id: agreement.id,
          agreementNumber: agreement.agreementNumber,
          title: agreement.title,
          kind: agreement.kind ?? 'sla_commitment',
          slaClass: agreement.slaClass,
          maintenanceLevel: agreement.maintenanceLevel,
          afterSalesLevel: agreement.afterSalesLevel,
          version: agreement.currentVersion,
          validFrom: agreement.validFrom,
          validTo: agreement.validTo,
          targets: {
            availabilityPpm: numOrNull(
              (agreement.targets as Record<string, unknown> | null)?.availabilityPpm,
            ),
            restoreMinutes: numOrNull((agreement.targets as Record<string, unknown> | null)?.restoreMinutes),
          },
        }
      : null,
    ...rows,
  });
}

const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined || v === '' ? null : Number(v);

/** Generates (or regenerates, replacing the frozen figures) in the caller's transaction. */
export async function generateReportIn(
  tx: Tx,
  customer: CustomerHead,
  agreement: AgreementRow | null,
  period: string,
  at: Date,
  actor: Actor,
  options: { onlyIfMissing?: boolean } = {},
): Promise<string | null> {
  const before = options.onlyIfMissing
    ? null
    : await findReportByKey(tx, customer.id, agreement?.id ?? null, period);
  const data = await computeReportData(tx, customer, agreement, period, at);
  const id = await upsertReport(
    tx,
    {
      customerId: customer.id,
      regionCode: customer.regionCode,
      agreementId: agreement?.id ?? null,
      period,
      data,
      generatedBy: actor.name,
      generatedAt: at,
    },
    options.onlyIfMissing,
  );
  if (!id) return null;
  await writeAudit(tx, actor, {
    action: before ? 'operating_report.regenerate' : 'operating_report.generate',
    entity: 'operating_report',
    entityId: id,
    before: before
      ? { summary: (before.data as OperatingReportData).summary, sentAt: isoOrNull(before.sentAt) }
      : null,
    after: { customerId: customer.id, agreementId: agreement?.id ?? null, period, summary: data.summary },
  });
  return id;
}

export async function generateOperatingReport(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  body: { customerId: string; agreementId?: string | null | undefined; period: string },
): Promise<ReportDetail> {
  const period = parsePeriod(body.period);
  const at = deps.now();
  if (period > periodOf(at.toISOString())) {
    const message = 'a month that has begun';
    throw new DomainError('INVALID_RANGE', `period must be ${message}`, [{ field: 'period', message }]);
  }
  const id = await deps.db.transaction(async (tx) => {
    await loadScopedCustomer(tx, user, body.customerId);
    const customer = await findCustomerHead(tx, body.customerId);
    if (!customer) throw new DomainError('NOT_FOUND', `No customer ${body.customerId}`);
    const agreement = await agreementFor(tx, customer.id, body.agreementId);
    return generateReportIn(tx, customer, agreement, period, at, actor);
  });
  return getOperatingReport(deps, user, id as string);
}

// ---------------------------------------------------------------- read

export async function listOperatingReports(
  deps: Deps,
  user: ScopedUser,
  query: {
    period?: string | undefined;
    customerId?: string | undefined;
    agreementId?: string | undefined;
    sent?: boolean | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ total: number; items: ReportView[] }> {
  const where: SQL[] = [reportScope(user)];
  if (query.period) where.push(sql`r.period = ${query.period}`);
  if (query.customerId) where.push(sql`r.customer_id = ${query.customerId}::uuid`);
  if (query.agreementId) where.push(sql`r.agreement_id = ${query.agreementId}::uuid`);
  if (query.sent !== undefined) where.push(query.sent ? sql`r.sent_at is not null` : sql`r.sent_at is null`);
  const cond = sql.join(where, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from operating_reports r join customers c on c.id = r.customer_id where ${cond}`,
  );
  const rows = await queryRows<ReportRow>(
    deps.db,
    sql`${REPORT_SELECT} where ${cond} order by r.period desc, c.name, a.agreement_number nulls first, r.id
        limit ${query.limit} offset ${query.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(toView) };
}

async function loadReport(ex: Executor, user: ScopedUser, id: string): Promise<ReportRow> {
  const row = await findReport(ex, id, reportScope(user));
  if (!row) throw new DomainError('NOT_FOUND', `No operating report ${id}`);
  return row;
}

export async function getOperatingReport(deps: Deps, user: ScopedUser, id: string): Promise<ReportDetail> {
  const row = await loadReport(deps.db, user, id);
  return { ...toView(row), data: row.data as OperatingReportData };
}

/** The printable document of a stored report (drawn from its frozen figures). */
export function reportDocument(report: {
  data: OperatingReportData;
  generatedAt: string;
}): PrintableDocument {
  return buildOperatingReportDocument(report.data, {
    issuer: REPORT_ISSUER,
    issuedOn: shanghaiDateOf(report.generatedAt),
  });
}

/** A readable file name: `运行报告-<customer>-<agreement>-<period>.<ext>` (path characters removed). */
export function reportFileName(report: ReportView, ext: 'html' | 'pdf'): string {
  const parts = ['运行报告', report.customerName, report.agreementNumber ?? '全部业务', report.period];
  return `${parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_')}.${ext}`;
}

export async function getOperatingReportHtml(
  deps: Deps,
  user: ScopedUser,
  id: string,
): Promise<{ report: ReportDetail; html: string }> {
  const report = await getOperatingReport(deps, user, id);
  return { report, html: renderDocumentHtml(reportDocument(report)) };
}

export async function getOperatingReportPdf(
  deps: Deps,
  user: ScopedUser,
  id: string,
): Promise<{ report: ReportDetail; pdf: Buffer }> {
  const report = await getOperatingReport(deps, user, id);
  return { report, pdf: await renderDocumentPdf(reportDocument(report)) };
}

// ---------------------------------------------------------------- send

export async function sendReportIn(tx: Tx, row: ReportRow, at: Date, actor: Actor): Promise<boolean> {
  if (!row.accountManagerId) return false;
  const period = row.period;
  const what = row.agreementNumber ? `协议 ${row.agreementNumber}` : '全部业务';
  await notify(
    tx,
    [
      {
        userId: row.accountManagerId,
        kind: 'operating_report',
        title: `运行报告：${row.customerName} ${period}`,
        body: `${row.customerName}（${what}）${period} 运行报告已生成，请查阅并提供给客户。`,
        entity: 'operating_report',
        entityId: row.id,
        data: {
          period,
          customerId: row.customerId,
          agreementId: row.agreementId,
          viewUrl: `/reports/${row.id}`,
          htmlUrl: `/api/v1/reports/operating/${row.id}/html`,
          pdfUrl: `/api/v1/reports/operating/${row.id}/pdf`,
        },
      },
    ],
    at,
  );
  await markSent(tx, row.id, row.accountManagerId, at);
  await writeAudit(tx, actor, {
    action: 'operating_report.send',
    entity: 'operating_report',
    entityId: row.id,
    before: { sentAt: isoOrNull(row.sentAt) },
    after: { sentAt: at.toISOString(), sentToId: row.accountManagerId },
  });
  return true;
}

export async function sendOperatingReport(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
): Promise<ReportDetail> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const row = await loadReport(tx, user, id);
    await queryRows(tx, sql`select id from operating_reports where id = ${id}::uuid for update`);
    if (!(await sendReportIn(tx, row, at, actor))) {
      throw new DomainError(
        'CONFLICT',
        `Customer ${row.customerName} has no account manager to send the report to`,
      );
    }
  });
  return getOperatingReport(deps, user, id);
}

// ---------------------------------------------------------------- monthly job

/** Reports per transaction, and at most per run: PGlite stays responsive; the next run goes on. */
const JOB_CHUNK = 20;
const JOB_MAX_PER_RUN = 400;

/**
 * Generates and sends last month's report for every agreement in force that month, skipping the
 * ones that exist (idempotent; a second process inserts nothing twice: ON CONFLICT DO NOTHING).
 */
export async function runMonthlyReports(
  deps: Deps,
  at: Date,
  options: { period?: string; max?: number } = {},
): Promise<Record<string, number>> {
  const period = options.period ?? previousPeriod(at.toISOString());
  const bounds = periodBounds(period);
  const actor = systemActor('job:monthly-operating-reports');
  const todo = (await listAgreementsInForce(deps.db, bounds)).slice(0, options.max ?? JOB_MAX_PER_RUN);
  let generated = 0;
  let sent = 0;
  for (let i = 0; i < todo.length; i += JOB_CHUNK) {
    const chunk = todo.slice(i, i + JOB_CHUNK);
    await deps.db.transaction(async (tx) => {
      for (const item of chunk) {
        const customer = await findCustomerHead(tx, item.customerId);
        const agreement = await findAgreement(tx, item.agreementId);
        if (!customer || !agreement || agreement.currentVersion === null) continue;
        const id = await generateReportIn(tx, customer, agreement, period, at, actor, {
          onlyIfMissing: true,
        });
        if (!id) continue;
        generated += 1;
        const row = await findReport(tx, id, sql`true`);
        if (row && (await sendReportIn(tx, row, at, actor))) sent += 1;
      }
    });
  }
  return { generated, sent };
}

/**
 * The scheduled entry (checked hourly): from the 2nd of the month (Asia/Shanghai), so the
 * measurement of the month just ended has run first, generates and sends what is missing.
 */
export async function runMonthlyReportJob(deps: Deps, at: Date): Promise<Record<string, number>> {
  if (Number(shanghaiDateOf(at.toISOString()).slice(8, 10)) < 2) return { generated: 0, sent: 0 };
  return runMonthlyReports(deps, at);
}
