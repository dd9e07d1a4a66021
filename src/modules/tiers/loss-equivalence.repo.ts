/**
 * SQL of loss equivalence (PRODUCT.md §2): the mass-market segments' monthly billing totals and
 * the key accounts' own billing aggregated over a period (customer scoping is the caller's
 * `customerScope`).
 */
import { and, asc, desc, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { billingMonthly, customers, segmentBillingMonthly } from '../../db/schema.ts';
import type { Segment, SegmentBillingMonth } from '../../domain/tiers/loss-equivalence.ts';

export type SegmentBillingRow = SegmentBillingMonth & { updatedBy: string; updatedAt: Date };

/** Segment billing months in [fromMonth, toMonth], newest first (commercial before public). */
export async function findSegmentBilling(
  ex: Executor,
  fromMonth: string,
  toMonth: string,
): Promise<SegmentBillingRow[]> {
  const rows = await ex
    .select()
    .from(segmentBillingMonthly)
    .where(and(gte(segmentBillingMonthly.month, fromMonth), lte(segmentBillingMonthly.month, toMonth)))
    .orderBy(desc(segmentBillingMonthly.month), asc(segmentBillingMonthly.segment));
  return rows.map((r) => ({ ...r, segment: r.segment as Segment }));
}

/** The stored rows of the given (segment, month) keys, locked for an update. */
export async function lockSegmentBilling(
  ex: Executor,
  keys: readonly { segment: Segment; month: string }[],
): Promise<SegmentBillingRow[]> {
  if (keys.length === 0) return [];
  const pairs = sql.join(
    keys.map((k) => sql`(${k.segment}::text, ${k.month}::date)`),
    sql`, `,
  );
  const rows = await ex
    .select()
    .from(segmentBillingMonthly)
    .where(sql`(${segmentBillingMonthly.segment}, ${segmentBillingMonthly.month}) in (${pairs})`)
    .for('update');
  return rows.map((r) => ({ ...r, segment: r.segment as Segment }));
}

/** Inserts or replaces segment billing months. */
export async function upsertSegmentBilling(
  ex: Executor,
  rows: readonly SegmentBillingMonth[],
  updatedBy: string,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .insert(segmentBillingMonthly)
    .values(rows.map((r) => ({ ...r, updatedBy, updatedAt: at })))
    .onConflictDoUpdate({
      target: [segmentBillingMonthly.segment, segmentBillingMonthly.month],
      set: {
        revenueFen: sql`excluded.revenue_fen`,
        billedCustomers: sql`excluded.billed_customers`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

export type KeyAccountBilling = {
  revenueFen: number;
  /** Billing rows counted: one per customer and month with billing. */
  customerMonths: number;
  customers: number;
  months: number;
};

/** The key accounts' billing in [fromMonth, toMonth] over the customers `scope` lets through. */
export async function sumKeyAccountBilling(
  ex: Executor,
  scope: SQL,
  fromMonth: string,
  toMonth: string,
): Promise<KeyAccountBilling> {
  const [row] = await ex
    .select({
      revenueFen: sql<number>`coalesce(sum(${billingMonthly.revenueFen}), 0)::bigint`.mapWith(Number),
      customerMonths: sql<number>`count(*)::int`.mapWith(Number),
      customers: sql<number>`count(distinct ${billingMonthly.customerId})::int`.mapWith(Number),
      months: sql<number>`count(distinct ${billingMonthly.month})::int`.mapWith(Number),
    })
    .from(billingMonthly)
    .innerJoin(customers, sql`${customers.id} = ${billingMonthly.customerId}`)
    .where(and(gte(billingMonthly.month, fromMonth), lte(billingMonthly.month, toMonth), scope));
  return row ?? { revenueFen: 0, customerMonths: 0, customers: 0, months: 0 };
}
