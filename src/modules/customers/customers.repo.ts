/**
 * Customer queries. The list is two steps: the ids of one page (a range of one of the composite
 * indexes in customers.tables.ts, scoped and filtered), then the page's views with their joins
 * and the latest assessment (a lateral LIMIT 1 on assessments (customer_id, as_of)).
 */
import { type AnyColumn, and, asc, desc, eq, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import { countCapped } from '../../db/count.ts';
import { type Executor, queryRows } from '../../db/database.ts';
import {
  auditLog,
  billingMonthly,
  contacts,
  customerNotes,
  customers,
  regions,
  users,
} from '../../db/schema.ts';
import { scopeCondition } from '../../db/scope.ts';
import {
  computeDataScope,
  descendantRegions,
  type RegionNode,
  type ScopedUser,
} from '../../domain/access.ts';
import { onBusinessHoursClock } from '../tickets/tickets.repo.ts';
import { type CustomerRow, customerScope, customerScopeOver, regionTreeSql } from './customers.access.ts';
import type { CustomerSort, CustomerView, ListCustomersQuery } from './customers.schema.ts';

export type NewCustomerRow = typeof customers.$inferInsert;
export type ContactRow = typeof contacts.$inferSelect;
export type NoteRow = typeof customerNotes.$inferSelect;

/** Escapes LIKE wildcards so a search for "10%" looks for those characters. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export type CustomerFilter = Omit<ListCustomersQuery, 'limit' | 'offset' | 'sort'>;

/**
 * `regionNodes`, when given, turns the region filter into an explicit list of codes (the planner
 * then sees them: index-only counts and better plans); without it, a recursive subquery.
 */
function filterConditions(filter: CustomerFilter, regionNodes?: readonly RegionNode[]): SQL[] {
  const where: SQL[] = [];
  if (filter.q) {
    const q = likeLiteral(filter.q);
    const upper = q.toUpperCase();
    // ILIKE costs 4–5× LIKE per row; a query without cased letters (Chinese, digits) needs none.
    const cased = q.toLowerCase() !== q.toUpperCase();
    const terms: SQL[] = [
      cased ? sql`${customers.name} ilike ${`%${q}%`}` : like(customers.name, `%${q}%`),
      like(customers.code, `${q}%`),
      like(customers.creditCode, `${upper}%`),
    ];
    if (upper !== q) terms.push(like(customers.code, `${upper}%`));
    if (/^[0-9+\- ()]{3,}$/.test(filter.q)) {
      terms.push(like(customers.phone, `${q}%`));
      terms.push(
        sql`${customers.id} in (select ${contacts.customerId} from ${contacts} where ${contacts.phone} like ${`${q}%`})`,
      );
    }
    where.push(or(...terms)!);
  }
  if (filter.tier === 'none') where.push(isNull(customers.tier));
  else if (filter.tier) where.push(eq(customers.tier, filter.tier));
  if (filter.industry) where.push(eq(customers.industry, filter.industry));
  // A province includes its cities.
  if (filter.regionCode) {
    where.push(
      regionNodes
        ? inArray(customers.regionCode, descendantRegions(regionNodes, filter.regionCode))
        : sql`${customers.regionCode} in ${regionTreeSql([filter.regionCode])}`,
    );
  }
  if (filter.accountManagerId) where.push(eq(customers.accountManagerId, filter.accountManagerId));
  if (filter.groupClass) where.push(eq(customers.groupClass, filter.groupClass));
  if (filter.parentId) where.push(eq(customers.parentId, filter.parentId));
  if (filter.status) where.push(eq(customers.status, filter.status));
  return where;
}

const SORT_COLUMNS: Record<CustomerSort, AnyColumn> = {
  name: customers.name,
  code: customers.code,
  tier: customers.tier,
  industry: customers.industry,
  regionCode: customers.regionCode,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  customerSince: customers.customerSince,
};

function orderTerms(sort: string): SQL[] {
  const terms = sort.split(',').map((part) => {
    const column = SORT_COLUMNS[part.replace(/^[-+]/, '') as CustomerSort];
    return part.startsWith('-') ? desc(column) : asc(column);
  });
  // A unique last key keeps pages stable when names repeat; its direction follows the first key.
  terms.push(sort.startsWith('-') ? desc(customers.id) : asc(customers.id));
  return terms;
}

/**
 * One page of the customers `user` may read, with the total. The count and the page run side by
 * side (PostgreSQL answers them on two connections); the page is a range of one of the
 * composite indexes (filter column, name, id).
 */
export async function listCustomerPage(
  ex: Executor,
  user: ScopedUser,
  filter: CustomerFilter,
  page: { limit: number; offset: number; sort: string },
): Promise<{ total: number; totalEstimated: boolean; items: CustomerViewWithScores[] }> {
  // The region tree as an explicit list (not the recursive subquery of customerScope) so that the
  // planner sees the codes: better plans and a usable row estimate.
  const regionNodes = await listRegionNodes(ex);
  const scope = computeDataScope(user, regionNodes);
  const scoped = scopeCondition(scope, {
    accountManagerId: customers.accountManagerId,
    regionCode: customers.regionCode,
  });
  const where = and(scoped, ...filterConditions(filter, regionNodes));
  const matching = sql`select 1 from ${customers} where ${where ?? sql`true`}`;
  const [count, idRows] = await Promise.all([
    countCapped(ex, matching),
    ex
      .select({ id: customers.id })
      .from(customers)
      .where(where)
      .orderBy(...orderTerms(page.sort))
      .limit(page.limit)
      .offset(page.offset),
  ]);
  const ids = idRows.map((r) => r.id);
  const views = await findCustomerViews(ex, user, ids);
  const byId = new Map(views.map((v) => [v.id, v]));
  return {
    total: count.total,
    totalEstimated: count.estimated,
    items: ids.map((id) => byId.get(id)).filter((v): v is CustomerViewWithScores => v !== undefined),
  };
}

/** The latest assessment's results of a customer (null fields when never assessed). */
export type LatestScores = {
  asOf: string | null;
  modelVersion: number | null;
  total: number | null;
  currentValue: number | null;
  potentialValue: number | null;
  loyalty: number | null;
  influence: number | null;
};

export type CustomerViewWithScores = CustomerView & { latest: LatestScores };

type ViewRow = {
  id: string;
  code: string;
  name: string;
  creditCode: string | null;
  industry: string;
  regionCode: string;
  regionName: string | null;
  parentId: string | null;
  parentName: string | null;
  isHeadquarters: boolean;
  accountManagerId: string | null;
  accountManagerName: string | null;
  tier: string | null;
  stars: number | null;
  groupClass: string | null;
  tierEffectiveDate: string | null;
  customerSince: string | null;
  address: string | null;
  phone: string | null;
  employees: number | null;
  strategyNotes: string | null;
  financialNotes: string | null;
  orgStructure: string | null;
  status: 'active' | 'inactive';
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
  memberCount: number;
  latestAsOf: string | null;
  latestModelVersion: number | null;
  latestTotal: number | null;
  latestCurrentValue: number | null;
  latestPotentialValue: number | null;
  latestLoyalty: number | null;
  latestInfluence: number | null;
};

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/**
 * The views of the given customers (any order; missing ids are skipped). The caller has scoped
 * the ids; `user` only decides whether the parent's name may be shown.
 */
export async function findCustomerViews(
  ex: Executor,
  user: ScopedUser,
  ids: readonly string[],
): Promise<CustomerViewWithScores[]> {
  if (ids.length === 0) return [];
  const parentVisible = customerScopeOver(user, {
    accountManagerId: sql`p.account_manager_id`,
    regionCode: sql`p.region_code`,
  });
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await queryRows<ViewRow>(
    ex,
    sql`select c.id, c.code, c.name, c.credit_code as "creditCode", c.industry,
        c.region_code as "regionCode", r.name as "regionName",
        c.parent_id as "parentId", case when ${parentVisible} then p.name end as "parentName",
        c.is_headquarters as "isHeadquarters",
        c.account_manager_id as "accountManagerId", u.display_name as "accountManagerName",
        c.tier, c.stars, c.group_class as "groupClass",
        c.tier_effective_date::text as "tierEffectiveDate", c.customer_since::text as "customerSince",
        c.address, c.phone, c.employees, c.strategy_notes as "strategyNotes",
        c.financial_notes as "financialNotes", c.org_structure as "orgStructure",
        c.status, c.version, c.created_at as "createdAt", c.updated_at as "updatedAt",
        (select count(*)::int from customers m where m.parent_id = c.id) as "memberCount",
        la.as_of::text as "latestAsOf", la.model_version as "latestModelVersion",
        la.total as "latestTotal", la.current_value as "latestCurrentValue",
        la.potential_value as "latestPotentialValue", la.loyalty as "latestLoyalty",
        la.influence as "latestInfluence"
      from customers c
      left join regions r on r.code = c.region_code
      left join customers p on p.id = c.parent_id
      left join users u on u.id = c.account_manager_id
      left join lateral (
        select a.as_of, a.model_version, a.total, a.current_value, a.potential_value, a.loyalty, a.influence
        from assessments a where a.customer_id = c.id
        order by a.as_of desc, a.id desc limit 1
      ) la on true
      where c.id in (${idList})`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    creditCode: r.creditCode,
    industry: r.industry,
    regionCode: r.regionCode,
    regionName: r.regionName,
    parentId: r.parentId,
    parentName: r.parentName,
    isHeadquarters: r.isHeadquarters,
    accountManagerId: r.accountManagerId,
    accountManagerName: r.accountManagerName,
    tier: r.tier,
    stars: r.stars,
    groupClass: r.groupClass,
    tierEffectiveDate: r.tierEffectiveDate,
    customerSince: r.customerSince,
    address: r.address,
    phone: r.phone,
    employees: r.employees,
    strategyNotes: r.strategyNotes,
    financialNotes: r.financialNotes,
    orgStructure: r.orgStructure,
    status: r.status,
    version: r.version,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    memberCount: r.memberCount,
    latestTotal: num(r.latestTotal),
    latest: {
      asOf: r.latestAsOf,
      modelVersion: r.latestModelVersion,
      total: num(r.latestTotal),
      currentValue: num(r.latestCurrentValue),
      potentialValue: num(r.latestPotentialValue),
      loyalty: num(r.latestLoyalty),
      influence: num(r.latestInfluence),
    },
  }));
}

/** The id of customer `id` when `user` may see it, else null (out of scope looks like missing). */
export async function findVisibleCustomerId(
  ex: Executor,
  user: ScopedUser,
  id: string,
): Promise<string | null> {
  const [row] = await ex
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, id), customerScope(user)));
  return row?.id ?? null;
}

export async function insertCustomer(ex: Executor, row: NewCustomerRow): Promise<CustomerRow> {
  const [created] = await ex.insert(customers).values(row).returning();
  return created!;
}

/** How many rows of each kind followed a customer to its new account manager. */
export type MovedRecords = { tickets: number; orders: number; tasks: number };

/**
 * Hands the rows that carry a customer's account manager to the new one, for every customer of
 * `moves` — a query of `(customer_id, from_am, to_am)` rows, read before the customers change:
 * - tickets and product orders: their `account_manager_id` snapshot (which scopes an account
 *   manager's ticket lists and names who an escalation notifies) becomes `to_am`, closed ones
 *   too, so the customer's whole history follows it;
 * - open mandatory-action tasks still owned by `from_am` go to `to_am`; done and cancelled tasks
 *   stay with whoever did them (compliance is per person), and a task already reassigned to
 *   someone else stays there.
 * ONE statement (data-modifying CTEs), set-based, so a transfer and a whole import cost the same
 * number of round trips. Returns the counts for the audit entry, and the ids of the tickets that
 * moved (their TMF621 `relatedParty` accountManager changed: subscribers are told).
 */
export async function moveAccountManagerRecords(
  ex: Executor,
  moves: SQL,
  at: Date,
): Promise<{ moved: MovedRecords; ticketIds: string[] }> {
  const byCustomer = await moveAccountManagerRecordsByCustomer(ex, moves, at);
  return { moved: sumMoved(byCustomer.counts), ticketIds: byCustomer.ticketIds };
}

/** The counts of every customer together. */
export function sumMoved(byCustomer: ReadonlyMap<string, MovedRecords>): MovedRecords {
  const total: MovedRecords = { tickets: 0, orders: 0, tasks: 0 };
  for (const m of byCustomer.values()) {
    total.tickets += m.tickets;
    total.orders += m.orders;
    total.tasks += m.tasks;
  }
  return total;
}

/**
 * `moveAccountManagerRecords` with the counts customer by customer (those that moved anything),
 * and the ids of the tickets that moved.
 */
export async function moveAccountManagerRecordsByCustomer(
  ex: Executor,
  moves: SQL,
  at: Date,
): Promise<{ counts: Map<string, MovedRecords>; ticketIds: string[] }> {
  const now = at.toISOString();
  const rows = await queryRows<MovedRecords & { customerId: string; ticketIds: string[] | null }>(
    ex,
    sql`with m as (${moves}),
      t as (update tickets x set account_manager_id = m.to_am, updated_at = ${now}::timestamptz from m
            where x.customer_id = m.customer_id and x.account_manager_id is distinct from m.to_am
            returning x.customer_id, x.id),
      o as (update product_orders x set account_manager_id = m.to_am, updated_at = ${now}::timestamptz from m
            where x.customer_id = m.customer_id and x.account_manager_id is distinct from m.to_am
            returning x.customer_id),
      k as (update action_tasks x set owner_id = m.to_am, updated_at = ${now}::timestamptz from m
            where x.customer_id = m.customer_id and x.status = 'open' and x.owner_id = m.from_am
              and m.to_am is not null and m.to_am <> m.from_am
            returning x.customer_id),
      moved as (select 't' as kind, customer_id, id from t union all select 'o', customer_id, null::uuid from o
                union all select 'k', customer_id, null::uuid from k)
    select customer_id as "customerId", count(*) filter (where kind = 't')::int as tickets,
      count(*) filter (where kind = 'o')::int as orders, count(*) filter (where kind = 'k')::int as tasks,
      array_agg(id order by id) filter (where kind = 't') as "ticketIds"
    from moved group by customer_id`,
  );
  return {
    counts: new Map(
      rows.map((r) => [
        r.customerId,
        { tickets: Number(r.tickets), orders: Number(r.orders), tasks: Number(r.tasks) },
      ]),
    ),
    ticketIds: rows.flatMap((r) => r.ticketIds ?? []),
  };
}

/** How many rows followed a customer (or, for an import, all its customers) to a new region. */
export type RegionMovedRecords = { tickets: number; orders: number; tasks: number; visits: number };

/**
 * Moves the rows that snapshot a customer's region for scoping to its new region, for every
 * customer of `moves` — a query of `(customer_id, to_region)` rows:
 * - tickets (their `region_code` scopes the front desk's and a kam_manager's ticket lists, the
 *   SLA board, and picks the region's calendar for the clocks still running) and product orders
 *   (region queues) — closed ones too, so the customer's whole history follows it, as for an
 *   account manager transfer;
 * - OPEN mandatory-action tasks and OPEN return visits (scoped by their `region_code`); done and
 *   cancelled ones stay in the region where they were carried out (compliance and coverage are
 *   per region as it was).
 * Agreements, compensation slips, operating reports and joint meetings keep their snapshot: they
 * are scoped by the customer's current region (a join), and a report is a frozen record.
 * ONE statement (data-modifying CTEs), set-based. Returns the counts for the audit entry.
 */
export async function moveRegionRecords(ex: Executor, moves: SQL, at: Date): Promise<RegionMovedRecords> {
  const now = at.toISOString();
  const [row] = await queryRows<RegionMovedRecords>(
    ex,
    sql`with m as (${moves}),
      t as (update tickets x set region_code = m.to_region, updated_at = ${now}::timestamptz from m
            where x.customer_id = m.customer_id and x.region_code is distinct from m.to_region
            returning 1),
      o as (update product_orders x set region_code = m.to_region, updated_at = ${now}::timestamptz from m
            where x.customer_id = m.customer_id and x.region_code is distinct from m.to_region
            returning 1),
      k as (update action_tasks x set region_code = m.to_region, updated_at = ${now}::timestamptz from m
            where x.customer_id = m.customer_id and x.status = 'open' and x.region_code is distinct from m.to_region
            returning 1),
      v as (update return_visits x set region_code = m.to_region from m
            where x.customer_id = m.customer_id and x.status = 'open' and x.region_code is distinct from m.to_region
            returning 1)
    select (select count(*) from t)::int as tickets, (select count(*) from o)::int as orders,
      (select count(*) from k)::int as tasks, (select count(*) from v)::int as visits`,
  );
  return {
    tickets: Number(row?.tickets ?? 0),
    orders: Number(row?.orders ?? 0),
    tasks: Number(row?.tasks ?? 0),
    visits: Number(row?.visits ?? 0),
  };
}

/**
 * The open tickets of the customers in `moves` (as for `moveRegionRecords`) whose business-hours
 * clocks change calendar with the move: a ticket runs on its region's calendar, the national
 * schedule plus that region's own days, so only when the old or the new region has days of its
 * own. Read BEFORE the move; recompute their clocks after it (`recomputeTicketClocks`).
 */
export async function ticketsChangingCalendar(ex: Executor, moves: SQL): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`with m as (${moves})
      select x.id from tickets x join m on x.customer_id = m.customer_id
      where x.region_code is distinct from m.to_region and ${onBusinessHoursClock(sql`x`)}
        and exists (select 1 from calendar_entries e
          where e.region <> '' and (e.region = x.region_code or e.region = m.to_region))
      order by x.id`,
  );
  return rows.map((r) => r.id);
}

/** The move of one customer to `toRegion` (`moveRegionRecords`). */
export function customerRegionMove(customerId: string, toRegion: string): SQL {
  return sql`select ${customerId}::uuid as customer_id, ${toRegion}::text as to_region`;
}

/** The moves of one customer from `fromAm` to `toAm` (`moveAccountManagerRecords`). */
export function customerMove(customerId: string, fromAm: string | null, toAm: string | null): SQL {
  return sql`select ${customerId}::uuid as customer_id, ${fromAm}::uuid as from_am, ${toAm}::uuid as to_am`;
}

/** Applies `patch` only if the row still has `version`; null when someone changed it first. */
export async function updateCustomerVersioned(
  ex: Executor,
  id: string,
  version: number,
  patch: Partial<NewCustomerRow>,
): Promise<CustomerRow | null> {
  const [row] = await ex
    .update(customers)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(customers.id, id), eq(customers.version, version)))
    .returning();
  return row ?? null;
}

/** Another customer holding this code or credit code, if any (for a 409 naming the field). */
export async function findDuplicate(
  ex: Executor,
  values: { code?: string | undefined; creditCode?: string | null | undefined },
  exceptId: string | null,
): Promise<'code' | 'creditCode' | null> {
  const terms: SQL[] = [];
  if (values.code !== undefined) terms.push(eq(customers.code, values.code));
  if (values.creditCode) terms.push(eq(customers.creditCode, values.creditCode));
  if (terms.length === 0) return null;
  const rows = await ex
    .select({ code: customers.code, creditCode: customers.creditCode })
    .from(customers)
    .where(and(or(...terms), exceptId ? sql`${customers.id} <> ${exceptId}` : undefined))
    .limit(2);
  if (values.code !== undefined && rows.some((r) => r.code === values.code)) return 'code';
  if (values.creditCode && rows.some((r) => r.creditCode === values.creditCode)) return 'creditCode';
  return null;
}

export async function regionExists(ex: Executor, code: string): Promise<boolean> {
  const [row] = await ex.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
  return row !== undefined;
}

export type AccountManagerRow = {
  id: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  role: string;
  active: boolean;
};

export async function findUserBrief(ex: Executor, id: string): Promise<AccountManagerRow | null> {
  const [row] = await ex
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      regionCode: users.regionCode,
      role: users.role,
      active: users.active,
    })
    .from(users)
    .where(eq(users.id, id));
  return row ?? null;
}

/** Active account managers, optionally only those whose region is in `regionCodes`. */
export function listAccountManagerRows(
  ex: Executor,
  limit: { regionCodes?: string[]; userId?: string },
): Promise<AccountManagerRow[]> {
  const where: SQL[] = [eq(users.role, 'account_manager'), eq(users.active, true)];
  if (limit.regionCodes) {
    where.push(limit.regionCodes.length > 0 ? inArray(users.regionCode, limit.regionCodes) : sql`false`);
  }
  if (limit.userId) where.push(eq(users.id, limit.userId));
  return ex
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      regionCode: users.regionCode,
      role: users.role,
      active: users.active,
    })
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.displayName), asc(users.username));
}

export function listRegionNodes(ex: Executor): Promise<{ code: string; parentCode: string | null }[]> {
  return ex.select({ code: regions.code, parentCode: regions.parentCode }).from(regions);
}

/**
 * The chain of ancestors of `id` upward, starting with `id` itself, ending at its root. A depth
 * limit keeps bad data (an existing cycle) from looping.
 */
export async function ancestorChain(ex: Executor, id: string): Promise<CustomerRow['id'][]> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`with recursive up(id, parent_id, depth) as (
        select id, parent_id, 0 from customers where id = ${id}
        union all
        select c.id, c.parent_id, up.depth + 1 from customers c join up on c.id = up.parent_id
        where up.depth < 1000
      ) select id from up order by depth`,
  );
  return rows.map((r) => r.id);
}

export type TreeRow = {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  tier: string | null;
  isHeadquarters: boolean;
  visible: boolean;
};

/** The given customers with whether `user` may read each. */
export function findTreeRows(ex: Executor, user: ScopedUser, ids: readonly string[]): Promise<TreeRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return ex
    .select({
      id: customers.id,
      parentId: customers.parentId,
      code: customers.code,
      name: customers.name,
      tier: customers.tier,
      isHeadquarters: customers.isHeadquarters,
      visible: sql<boolean>`coalesce((${customerScope(user)}), false)`,
    })
    .from(customers)
    .where(inArray(customers.id, [...ids]));
}

/** Every customer of the group under `rootId`, however deep, with its visibility to `user`. */
export async function findSubtreeRows(ex: Executor, user: ScopedUser, rootId: string): Promise<TreeRow[]> {
  const visible = customerScopeOver(user, {
    accountManagerId: sql`c.account_manager_id`,
    regionCode: sql`c.region_code`,
  });
  return queryRows<TreeRow>(
    ex,
    sql`with recursive down(id) as (
        select ${rootId}::uuid
        union
        select c.id from customers c join down on c.parent_id = down.id
      )
      select c.id, c.parent_id as "parentId", c.code, c.name, c.tier,
        c.is_headquarters as "isHeadquarters", coalesce((${visible}), false) as visible
      from down join customers c on c.id = down.id`,
  );
}

// ---- transfer history -----------------------------------------------------------------------

/** One `transfer` entry of the audit log, reduced to what the history shows (no full rows). */
export type TransferRow = {
  id: number;
  at: Date;
  actorName: string;
  fromId: string | null;
  fromName: string | null;
  toId: string | null;
  toName: string | null;
  moved: { tickets?: number; orders?: number; tasks?: number } | null;
  reason: string | null;
};

/** The account-manager transfers of a customer (as `transferCustomer` audits them), newest first. */
export function listTransferRows(ex: Executor, customerId: string): Promise<TransferRow[]> {
  return ex
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: auditLog.actorName,
      fromId: sql<string | null>`${auditLog.before} ->> 'accountManagerId'`,
      fromName: sql<string | null>`${auditLog.before} ->> 'accountManagerName'`,
      toId: sql<string | null>`${auditLog.after} ->> 'accountManagerId'`,
      toName: sql<string | null>`${auditLog.after} ->> 'accountManagerName'`,
      moved: sql<TransferRow['moved']>`${auditLog.after} -> 'moved'`,
      reason: auditLog.reason,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'customer'),
        eq(auditLog.entityId, customerId),
        eq(auditLog.action, 'transfer'),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id));
}

// ---- contacts -------------------------------------------------------------------------------

export function listContactRows(ex: Executor, customerId: string): Promise<ContactRow[]> {
  return ex
    .select()
    .from(contacts)
    .where(eq(contacts.customerId, customerId))
    .orderBy(
      sql`case ${contacts.role} when 'core' then 0 when 'important' then 1 else 2 end`,
      asc(contacts.name),
    );
}

export async function findContact(ex: Executor, customerId: string, id: string): Promise<ContactRow | null> {
  const [row] = await ex
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), eq(contacts.customerId, customerId)));
  return row ?? null;
}

export async function insertContact(ex: Executor, row: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [created] = await ex.insert(contacts).values(row).returning();
  return created!;
}

export async function updateContact(
  ex: Executor,
  id: string,
  patch: Partial<typeof contacts.$inferInsert>,
): Promise<ContactRow> {
  const [row] = await ex.update(contacts).set(patch).where(eq(contacts.id, id)).returning();
  return row!;
}

export async function deleteContact(ex: Executor, id: string): Promise<void> {
  await ex.delete(contacts).where(eq(contacts.id, id));
}

// ---- notes ----------------------------------------------------------------------------------

export type NoteWithAuthor = NoteRow & { authorName: string | null };

export function listNoteRows(ex: Executor, customerId: string, kind?: string): Promise<NoteWithAuthor[]> {
  return ex
    .select({
      id: customerNotes.id,
      customerId: customerNotes.customerId,
      kind: customerNotes.kind,
      day: customerNotes.day,
      title: customerNotes.title,
      body: customerNotes.body,
      competitor: customerNotes.competitor,
      authorId: customerNotes.authorId,
      createdAt: customerNotes.createdAt,
      authorName: users.displayName,
    })
    .from(customerNotes)
    .leftJoin(users, eq(users.id, customerNotes.authorId))
    .where(and(eq(customerNotes.customerId, customerId), kind ? eq(customerNotes.kind, kind) : undefined))
    .orderBy(desc(customerNotes.day), desc(customerNotes.createdAt));
}

export async function insertNote(ex: Executor, row: typeof customerNotes.$inferInsert): Promise<NoteRow> {
  const [created] = await ex.insert(customerNotes).values(row).returning();
  return created!;
}

// ---- billing --------------------------------------------------------------------------------

export type BillingRow = typeof billingMonthly.$inferSelect;

/** The customer's latest `months` billing months, oldest first. */
export async function listBillingMonths(
  ex: Executor,
  customerId: string,
  months: number,
): Promise<BillingRow[]> {
  const rows = await ex
    .select()
    .from(billingMonthly)
    .where(eq(billingMonthly.customerId, customerId))
    .orderBy(desc(billingMonthly.month))
    .limit(months);
  return rows.reverse();
}
