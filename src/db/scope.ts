/**
 * The data-scope helper every module's list and get queries must use: it turns a user's
 * `DataScope` (src/domain/access.ts) into a WHERE condition over the record's owner columns.
 */
import { type AnyColumn, inArray, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../domain/access.ts';

export type ScopeColumns = { accountManagerId: AnyColumn | SQL; regionCode: AnyColumn | SQL };

/**
 * @example
 * db.select().from(customers).where(and(scopeCondition(scope, {
 *   accountManagerId: customers.accountManagerId, regionCode: customers.regionCode }), …))
 */
export function scopeCondition(scope: DataScope, cols: ScopeColumns): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'portfolio':
      return sql`${cols.accountManagerId} = ${scope.userId}`;
    case 'region':
      return scope.regionCodes.length === 0
        ? sql`false`
        : (inArray(cols.regionCode as AnyColumn, scope.regionCodes) as SQL);
  }
}
