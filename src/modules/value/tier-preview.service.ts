/**
 * Tier cut preview (PRODUCT.md §2): what the cut points being edited would do to the customers the
 * caller may see — loads each active customer's latest assessment total and current class, and
 * lets the domain count (`previewTiers`). A read: nothing is written or audited.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { DEFAULT_MODEL, type TieringSettings, validateModel } from '../../domain/value/model.ts';
import { type PreviewCustomer, previewTiers, type TierPreview } from '../../domain/value/tier-preview.ts';
import { customerScope } from '../customers/customers.access.ts';

export type TierPreviewView = TierPreview & {
  /** Active customers in scope without any assessment (not counted above). */
  unassessed: number;
  /** The newest assessment date among the totals, null when none. */
  latestAsOf: string | null;
};

/** Each active customer in `scope`: its latest assessment's total (null when never assessed) and current classes. */
async function loadLatestTotals(
  ex: Executor,
  scope: SQL,
): Promise<{ total: number | null; tier: string | null; groupClass: string | null; asOf: string | null }[]> {
  const rows = await queryRows<{
    total: number | string | null;
    tier: string | null;
    groupClass: string | null;
    asOf: string | null;
  }>(
    ex,
    sql`select a.total, customers.tier, customers.group_class as "groupClass", a.as_of::text as "asOf"
      from customers
      left join lateral (select x.total, x.as_of from assessments x where x.customer_id = customers.id
        order by x.as_of desc, x.created_at desc limit 1) a on true
      where ${scope} and customers.status = 'active'`,
  );
  return rows.map((r) => ({ ...r, total: r.total === null ? null : Number(r.total) }));
}

export async function previewTierCuts(
  deps: Deps,
  user: ScopedUser,
  tiering: TieringSettings,
): Promise<TierPreviewView> {
  // the model's own rule for cut points, on the tiering alone (fields named `tiering.cuts[1]` …)
  const issues = validateModel({ ...DEFAULT_MODEL, tiering }).filter((i) => i.field.startsWith('tiering'));
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'The cut points are not valid', issues);
  const rows = await loadLatestTotals(deps.db, customerScope(user));
  const assessed: PreviewCustomer[] = [];
  let unassessed = 0;
  let latestAsOf: string | null = null;
  for (const r of rows) {
    if (r.total === null || !Number.isFinite(r.total)) {
      unassessed += 1;
      continue;
    }
    assessed.push({ total: r.total, current: tiering.scheme === 'telecom' ? r.tier : r.groupClass });
    if (r.asOf !== null && (latestAsOf === null || r.asOf > latestAsOf)) latestAsOf = r.asOf;
  }
  return { ...previewTiers(assessed, tiering), unassessed, latestAsOf };
}
