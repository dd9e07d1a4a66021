/**
 * Data scope of customers for every module (contracts.md): an account manager sees only its
 * portfolio, a kam_manager its region tree, admin/analyst/auditor everything, front desk, ops and
 * visit agents their region tree (or everything without a region) — `computeDataScope`'s rules.
 * The region tree is walked in SQL, so `customerScope` needs no prior query.
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { customers } from '../../db/schema.ts';
import { scopeCondition } from '../../db/scope.ts';
import { computeDataScope, type ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';

export type CustomerRow = typeof customers.$inferSelect;

/** The owner columns of a customer as SQL (a table column or an aliased `c.region_code`). */
export type CustomerScopeColumns = {
  accountManagerId: SQL | typeof customers.accountManagerId;
  regionCode: SQL | typeof customers.regionCode;
};

/** The codes of a region and every region below it, as a subquery (cycles in the data stop). */
export function regionTreeSql(roots: readonly string[]): SQL {
  const list = sql.join(
    roots.map((code) => sql`${code}::text`),
    sql`, `,
  );
  return sql`(with recursive region_tree(code) as (
      select unnest(array[${list}])
      union
      select r.code from regions r join region_tree t on r.parent_code = t.code
    ) select code from region_tree)`;
}

/**
 * The condition "the customer whose owner columns are `cols` is visible to `user`". Uses
 * `computeDataScope` for the role rules; a region scope becomes an `IN (region tree)` subquery.
 *
 * @example
 * customerScopeOver(user, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` })
 */
export function customerScopeOver(user: ScopedUser, cols: CustomerScopeColumns): SQL {
  // An empty region list: computeDataScope then names only the user's own region, which the
  // SQL below expands to its whole tree.
  const scope = computeDataScope(user, []);
  if (scope.kind === 'region') {
    return scope.regionCodes.length === 0
      ? sql`false`
      : sql`${cols.regionCode} in ${regionTreeSql(scope.regionCodes)}`;
  }
  return scopeCondition(scope, cols);
}

/**
 * The WHERE condition over the `customers` table limiting it to what `user` may read. Use it in
 * every query that reads customers or customer-linked rows (join on customers and add this).
 *
 * @example
 * db.select().from(customers).where(and(customerScope(user), eq(customers.tier, '5A')))
 */
export function customerScope(user: ScopedUser): SQL {
  return customerScopeOver(user, {
    accountManagerId: customers.accountManagerId,
    regionCode: customers.regionCode,
  });
}

/**
 * The customer `id` if `user` may read it; otherwise NOT_FOUND (out of scope looks exactly like
 * missing, so nobody learns that a customer exists). Pass a transaction to read inside it, and
 * `forUpdate` to lock the row for a change.
 */
export async function loadScopedCustomer(
  ex: Executor,
  user: ScopedUser,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CustomerRow> {
  const query = ex
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), customerScope(user)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new DomainError('NOT_FOUND', `No customer ${id}`);
  return row;
}

/** Whether `regionCode` lies in `user`'s region tree (true for users not limited by region). */
export async function isRegionInScope(ex: Executor, user: ScopedUser, regionCode: string): Promise<boolean> {
  const scope = computeDataScope(user, []);
  if (scope.kind === 'all') return true;
  if (scope.kind !== 'region' || scope.regionCodes.length === 0) return false;
  const result = (await ex.execute(
    sql`select ${regionCode}::text in ${regionTreeSql(scope.regionCodes)} as inside`,
  )) as unknown as { rows: { inside: boolean }[] };
  return result.rows[0]?.inside === true;
}
