/**
 * SQL of segmentation: per-customer facts (latest assessment total, latest satisfaction row,
 * optional 12-month revenue) for the customers in scope, and the satisfaction rows.
 */
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import { customerSatisfaction, customers } from '../../db/schema.ts';

export type SatisfactionRow = typeof customerSatisfaction.$inferSelect;

export type FactsRow = {
  customerId: string;
  code: string;
  name: string;
  tier: string | null;
  industry: string;
  regionCode: string;
  total: number | null;
  satisfaction: number | null;
  competitorSatisfaction: number | null;
  walletShare: number | null;
  revenue12mFen: number;
};

export type FactsFilter = {
  industry?: string | undefined;
  /** A region and the regions below it (the service expands the requested code). */
  regionCodes?: string[] | undefined;
  tier?: string | undefined;
};

/**
 * One row per active customer in scope: its latest assessment's total (latest as_of) and its
 * latest satisfaction period; with `revenueWindow`, the billed revenue of those months.
 */
export async function findSegmentFacts(
  ex: Executor,
  scope: SQL,
  filter: FactsFilter,
  revenueWindow?: { fromMonth: string; toMonth: string },
): Promise<FactsRow[]> {
  const conditions: SQL[] = [scope, sql`${customers.status} = 'active'`];
  if (filter.industry) conditions.push(eq(customers.industry, filter.industry));
  if (filter.regionCodes) conditions.push(inArray(customers.regionCode, filter.regionCodes));
  if (filter.tier) conditions.push(eq(customers.tier, filter.tier));
  const revenue = revenueWindow
    ? sql`coalesce((select sum(b.revenue_fen) from billing_monthly b where b.customer_id = customers.id
        and b.month between ${revenueWindow.fromMonth}::date and ${revenueWindow.toMonth}::date), 0)::float8`
    : sql`0::float8`;
  const rows = await queryRows<FactsRow>(
    ex,
    sql`select customers.id as "customerId", customers.code, customers.name, customers.tier,
        customers.industry, customers.region_code as "regionCode",
        a.total, s.satisfaction, s.competitor_satisfaction as "competitorSatisfaction",
        s.wallet_share as "walletShare", ${revenue} as "revenue12mFen"
      from customers
      left join lateral (select x.total from assessments x where x.customer_id = customers.id
        order by x.as_of desc, x.created_at desc limit 1) a on true
      left join lateral (select y.satisfaction, y.competitor_satisfaction, y.wallet_share
        from customer_satisfaction y where y.customer_id = customers.id
        order by y.period desc limit 1) s on true
      where ${and(...conditions)}
      order by customers.code`,
  );
  return rows.map((r) => ({
    ...r,
    total: r.total === null ? null : Number(r.total),
    satisfaction: r.satisfaction === null ? null : Number(r.satisfaction),
    competitorSatisfaction: r.competitorSatisfaction === null ? null : Number(r.competitorSatisfaction),
    walletShare: r.walletShare === null ? null : Number(r.walletShare),
    revenue12mFen: Number(r.revenue12mFen),
  }));
}

export function listSatisfaction(ex: Executor, customerId: string): Promise<SatisfactionRow[]> {
  return ex
    .select()
    .from(customerSatisfaction)
    .where(eq(customerSatisfaction.customerId, customerId))
    .orderBy(desc(customerSatisfaction.period));
}

export async function findSatisfaction(
  ex: Executor,
  customerId: string,
  period: string,
): Promise<SatisfactionRow | null> {
  const [row] = await ex
    .select()
    .from(customerSatisfaction)
    .where(and(eq(customerSatisfaction.customerId, customerId), eq(customerSatisfaction.period, period)))
    .for('update');
  return row ?? null;
}

export async function upsertSatisfaction(
  ex: Executor,
  row: typeof customerSatisfaction.$inferInsert,
): Promise<SatisfactionRow> {
  const { customerId: _c, period: _p, ...set } = row;
  const [saved] = await ex
    .insert(customerSatisfaction)
    .values(row)
    .onConflictDoUpdate({ target: [customerSatisfaction.customerId, customerSatisfaction.period], set })
    .returning();
  return saved!;
}
