/**
 * Totals for list pages at scale: counting every match of a million-row table costs 100–300 ms on
 * two cores while the page itself takes a millisecond, so a total is exact up to a cap and above
 * it the planner's estimate, flagged `estimated` (answered as `X-Total-Count-Estimated: true`).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from './database.ts';

/** Exact totals up to this many matches. */
export const EXACT_COUNT_CAP = 20_000;

/** The planner's row estimate for a query (EXPLAIN, no execution). */
export async function estimateRows(ex: Executor, query: SQL): Promise<number> {
  const rows = await queryRows<Record<string, unknown>>(ex, sql`explain (format json) ${query}`);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(plan[0]?.Plan['Plan Rows'] ?? 0);
}

/**
 * The number of rows `matching` (a `select 1 from … where …`) returns: exact up to the cap, the
 * planner's estimate (at least cap + 1) above it.
 *
 * @example
 * await countCapped(db, sql`select 1 from customers where tier = '5A'`) // → { total: 412, estimated: false }
 */
export async function countCapped(
  ex: Executor,
  matching: SQL,
  cap = EXACT_COUNT_CAP,
): Promise<{ total: number; estimated: boolean }> {
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from (${matching} limit ${cap + 1}) capped`,
  );
  const exact = Number(row?.n ?? 0);
  if (exact <= cap) return { total: exact, estimated: false };
  return { total: Math.max(cap + 1, await estimateRows(ex, matching)), estimated: true };
}
