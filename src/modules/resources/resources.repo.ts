/**
 * SQL of service resources: the resources, their budgets (locked FOR UPDATE and drawn with a
 * conditional UPDATE, so two issues at the same moment cannot both take the last unit) and the
 * append-only ledger, read through the customer scope (`customers.access.ts`).
 */
import { and, asc, desc, eq, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import {
  actionTasks,
  contacts,
  customers,
  resourceBudgets,
  resourceLedger,
  resources,
  users,
} from '../../db/schema.ts';

export type ResourceRow = typeof resources.$inferSelect;
export type BudgetRow = typeof resourceBudgets.$inferSelect;
export type LedgerRow = typeof resourceLedger.$inferSelect;

export type ResourceFilter = {
  kind?: string | undefined;
  active?: boolean | undefined;
  serviceItemCode?: string | undefined;
};

export async function listResources(ex: Executor, filter: ResourceFilter = {}): Promise<ResourceRow[]> {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(resources.kind, filter.kind));
  if (filter.active !== undefined) conditions.push(eq(resources.active, filter.active));
  if (filter.serviceItemCode) {
    conditions.push(sql`${filter.serviceItemCode}::text = any(${resources.serviceItemCodes})`);
  }
  return ex
    .select()
    .from(resources)
    .where(and(...conditions))
    .orderBy(asc(resources.kind), asc(resources.code));
}

export async function findResourceByCode(ex: Executor, code: string): Promise<ResourceRow | null> {
  const [row] = await ex.select().from(resources).where(eq(resources.code, code));
  return row ?? null;
}

export async function findResourceById(
  ex: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ResourceRow | null> {
  const query = ex.select().from(resources).where(eq(resources.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** Inserts a resource; null when the code is taken. */
export async function insertResource(
  ex: Executor,
  row: typeof resources.$inferInsert,
): Promise<ResourceRow | null> {
  const [created] = await ex.insert(resources).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

export async function updateResource(
  ex: Executor,
  id: string,
  patch: Partial<typeof resources.$inferInsert>,
): Promise<ResourceRow> {
  const [row] = await ex.update(resources).set(patch).where(eq(resources.id, id)).returning();
  return row!;
}

/** A budget with its resource, as listed. */
export type BudgetListRow = BudgetRow & {
  resourceCode: string;
  resourceName: string;
  resourceNameEn: string;
  resourceKind: string;
  unit: string;
  unitCostFen: number;
};

export type BudgetFilter = {
  resourceCode?: string | undefined;
  level?: string | undefined;
  period?: string | undefined;
  /** Budgets of exactly these period keys (e.g. the month, quarter and year of a day). */
  periodKeys?: string[] | undefined;
};

export async function listBudgets(ex: Executor, filter: BudgetFilter): Promise<BudgetListRow[]> {
  const conditions: SQL[] = [];
  if (filter.resourceCode) conditions.push(eq(resources.code, filter.resourceCode));
  if (filter.level) conditions.push(eq(resourceBudgets.level, filter.level));
  if (filter.period) conditions.push(eq(resourceBudgets.period, filter.period));
  if (filter.periodKeys) conditions.push(inArray(resourceBudgets.periodKey, filter.periodKeys));
  const rows = await ex
    .select({
      budget: resourceBudgets,
      resourceCode: resources.code,
      resourceName: resources.name,
      resourceNameEn: resources.nameEn,
      resourceKind: resources.kind,
      unit: resources.unit,
      unitCostFen: resources.unitCostFen,
    })
    .from(resourceBudgets)
    .innerJoin(resources, eq(resources.id, resourceBudgets.resourceId))
    .where(and(...conditions))
    .orderBy(
      asc(resources.kind),
      asc(resources.code),
      asc(resourceBudgets.level),
      sql`case ${resourceBudgets.period} when 'month' then 0 when 'quarter' then 1 else 2 end`,
      asc(resourceBudgets.periodKey),
    );
  return rows.map(({ budget, ...rest }) => ({ ...budget, ...rest }));
}

export type BudgetKey = { resourceId: string; level: string; period: string; periodKey: string };

/** The budget with this key, locked for a change, or null. */
export async function lockBudgetByKey(ex: Executor, key: BudgetKey): Promise<BudgetRow | null> {
  const [row] = await ex
    .select()
    .from(resourceBudgets)
    .where(
      and(
        eq(resourceBudgets.resourceId, key.resourceId),
        eq(resourceBudgets.level, key.level),
        eq(resourceBudgets.period, key.period),
        eq(resourceBudgets.periodKey, key.periodKey),
      ),
    )
    .for('update');
  return row ?? null;
}

export async function lockBudgetById(ex: Executor, id: string): Promise<BudgetRow | null> {
  const [row] = await ex.select().from(resourceBudgets).where(eq(resourceBudgets.id, id)).for('update');
  return row ?? null;
}

/**
 * Creates or changes a budget's quantity — only while `used` stays within it (the WHERE of the
 * upsert): null when the budget already has more used than `quantity`.
 */
export async function upsertBudget(
  ex: Executor,
  key: BudgetKey,
  quantity: number,
  by: string,
  at: Date,
): Promise<BudgetRow | null> {
  const [row] = await ex
    .insert(resourceBudgets)
    .values({ ...key, quantity, updatedBy: by, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [
        resourceBudgets.resourceId,
        resourceBudgets.level,
        resourceBudgets.period,
        resourceBudgets.periodKey,
      ],
      set: { quantity, updatedBy: by, updatedAt: at },
      setWhere: sql`${resourceBudgets.used} <= ${quantity}`,
    })
    .returning();
  return row ?? null;
}

/**
 * Copies the quantity of every budget of `fromPeriodKey` to `toPeriodKey` (same period kind; used
 * starts at 0) where the target has no budget for that resource and level yet; existing target
 * budgets are left as they are. Answers how many were created and how many skipped.
 */
export async function copyBudgets(
  ex: Executor,
  period: string,
  fromPeriodKey: string,
  toPeriodKey: string,
  by: string,
  at: Date,
): Promise<{ created: BudgetRow[]; skipped: number }> {
  const sources = await ex
    .select()
    .from(resourceBudgets)
    .where(and(eq(resourceBudgets.period, period), eq(resourceBudgets.periodKey, fromPeriodKey)))
    .orderBy(asc(resourceBudgets.id));
  if (sources.length === 0) return { created: [], skipped: 0 };
  const created = await ex
    .insert(resourceBudgets)
    .values(
      sources.map((b) => ({
        resourceId: b.resourceId,
        level: b.level,
        period,
        periodKey: toPeriodKey,
        quantity: b.quantity,
        used: 0,
        updatedBy: by,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .onConflictDoNothing({
      target: [
        resourceBudgets.resourceId,
        resourceBudgets.level,
        resourceBudgets.period,
        resourceBudgets.periodKey,
      ],
    })
    .returning();
  return { created, skipped: sources.length - created.length };
}

/**
 * The budgets of a resource for the given levels and period keys, locked FOR UPDATE in id order
 * (so two issues on the same budgets queue instead of deadlocking; the second then sees the
 * first one's `used`).
 */
export async function lockIssueBudgets(
  ex: Executor,
  resourceId: string,
  levels: readonly string[],
  keys: { month: string; quarter: string; year: string },
): Promise<BudgetRow[]> {
  if (levels.length === 0) return [];
  return ex
    .select()
    .from(resourceBudgets)
    .where(
      and(
        eq(resourceBudgets.resourceId, resourceId),
        inArray(resourceBudgets.level, [...levels]),
        or(
          and(eq(resourceBudgets.period, 'month'), eq(resourceBudgets.periodKey, keys.month)),
          and(eq(resourceBudgets.period, 'quarter'), eq(resourceBudgets.periodKey, keys.quarter)),
          and(eq(resourceBudgets.period, 'year'), eq(resourceBudgets.periodKey, keys.year)),
        ),
      ),
    )
    .orderBy(asc(resourceBudgets.id))
    .for('update');
}

/**
 * Adds `delta` to `used` of each budget, each only while it stays within 0 … quantity; returns
 * the budgets changed (fewer than asked means one would have gone out of bounds).
 */
export async function addToUsed(
  ex: Executor,
  ids: readonly string[],
  delta: number,
  at: Date,
): Promise<BudgetRow[]> {
  if (ids.length === 0) return [];
  return ex
    .update(resourceBudgets)
    .set({ used: sql`${resourceBudgets.used} + ${delta}`, updatedAt: at })
    .where(
      and(
        inArray(resourceBudgets.id, [...ids]),
        sql`${resourceBudgets.used} + ${delta} between 0 and ${resourceBudgets.quantity}`,
      ),
    )
    .returning();
}

/** Gives `quantity` back to budgets (a return), locking them in id order first; never below 0. */
export async function giveBack(
  ex: Executor,
  ids: readonly string[],
  quantity: number,
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await ex
    .select({ id: resourceBudgets.id })
    .from(resourceBudgets)
    .where(inArray(resourceBudgets.id, [...ids]))
    .orderBy(asc(resourceBudgets.id))
    .for('update');
  await ex
    .update(resourceBudgets)
    .set({ used: sql`greatest(${resourceBudgets.used} - ${quantity}, 0)`, updatedAt: at })
    .where(inArray(resourceBudgets.id, [...ids]));
}

export async function insertLedger(
  ex: Executor,
  row: typeof resourceLedger.$inferInsert,
): Promise<LedgerRow> {
  const [created] = await ex.insert(resourceLedger).values(row).returning();
  return created!;
}

/** A ledger row with its resource and customer, and (for an issue) how much came back. */
export type LedgerListRow = LedgerRow & {
  resourceCode: string;
  resourceName: string;
  resourceNameEn: string;
  resourceKind: string;
  unit: string;
  customerCode: string | null;
  customerName: string | null;
  actorDisplayName: string | null;
  returnedQuantity: number;
};

export type LedgerFilter = {
  kind?: string | undefined;
  resourceCode?: string | undefined;
  customerId?: string | undefined;
  level?: string | undefined;
  fromDate?: string | undefined;
  toDate?: string | undefined;
  regionCodes?: string[] | undefined;
};

const returnedSql = sql<number>`coalesce((select -sum(r.quantity) from resource_ledger r
  where r.return_of = ${resourceLedger.id}), 0)::int`;

const ledgerColumns = {
  entry: resourceLedger,
  resourceCode: resources.code,
  resourceName: resources.name,
  resourceNameEn: resources.nameEn,
  resourceKind: resources.kind,
  unit: resources.unit,
  customerCode: customers.code,
  customerName: customers.name,
  actorDisplayName: users.displayName,
  returnedQuantity: returnedSql,
};

function flatten(row: { entry: LedgerRow } & Omit<LedgerListRow, keyof LedgerRow>): LedgerListRow {
  const { entry, ...rest } = row;
  return { ...entry, ...rest, returnedQuantity: Number(rest.returnedQuantity) };
}

/**
 * `visible` is the reader's condition over the joined (nullable) customer; rows without a
 * customer (adjustments) are shown when `adjustmentsVisible`.
 */
function ledgerWhere(visible: SQL, adjustmentsVisible: boolean, filter: LedgerFilter): SQL | undefined {
  const conditions: SQL[] = [
    adjustmentsVisible
      ? (or(sql`${resourceLedger.customerId} is null`, and(sql`${customers.id} is not null`, visible)) as SQL)
      : (and(sql`${customers.id} is not null`, visible) as SQL),
  ];
  if (filter.kind) conditions.push(eq(resourceLedger.kind, filter.kind));
  if (filter.resourceCode) conditions.push(eq(resources.code, filter.resourceCode));
  if (filter.customerId) conditions.push(eq(resourceLedger.customerId, filter.customerId));
  if (filter.level) conditions.push(eq(resourceLedger.level, filter.level));
  if (filter.fromDate) conditions.push(gte(resourceLedger.issueDate, filter.fromDate));
  if (filter.toDate) conditions.push(lte(resourceLedger.issueDate, filter.toDate));
  if (filter.regionCodes) conditions.push(inArray(customers.regionCode, filter.regionCodes));
  return and(...conditions);
}

export async function listLedger(
  ex: Executor,
  visible: SQL,
  adjustmentsVisible: boolean,
  filter: LedgerFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: LedgerListRow[] }> {
  const where = ledgerWhere(visible, adjustmentsVisible, filter);
  const [count] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(resourceLedger)
    .innerJoin(resources, eq(resources.id, resourceLedger.resourceId))
    .leftJoin(customers, eq(customers.id, resourceLedger.customerId))
    .where(where);
  const rows = await ex
    .select(ledgerColumns)
    .from(resourceLedger)
    .innerJoin(resources, eq(resources.id, resourceLedger.resourceId))
    .leftJoin(customers, eq(customers.id, resourceLedger.customerId))
    .leftJoin(users, eq(users.id, resourceLedger.actorId))
    .where(where)
    .orderBy(desc(resourceLedger.at), desc(resourceLedger.id))
    .limit(page.limit)
    .offset(page.offset);
  return { total: count?.n ?? 0, items: rows.map(flatten) };
}

/** One ledger row visible to the reader, or null. */
export async function findLedgerEntry(
  ex: Executor,
  visible: SQL,
  adjustmentsVisible: boolean,
  id: string,
): Promise<LedgerListRow | null> {
  const [row] = await ex
    .select(ledgerColumns)
    .from(resourceLedger)
    .innerJoin(resources, eq(resources.id, resourceLedger.resourceId))
    .leftJoin(customers, eq(customers.id, resourceLedger.customerId))
    .leftJoin(users, eq(users.id, resourceLedger.actorId))
    .where(and(eq(resourceLedger.id, id), ledgerWhere(visible, adjustmentsVisible, {})));
  return row ? flatten(row) : null;
}

/**
 * Locks an issue row (two returns of it then queue) and answers how much of it came back so far.
 * The row itself is never changed: the ledger is append-only.
 */
export async function lockIssueForReturn(ex: Executor, id: string): Promise<{ returned: number }> {
  await ex
    .select({ id: resourceLedger.id })
    .from(resourceLedger)
    .where(eq(resourceLedger.id, id))
    .for('update');
  const [row] = await ex
    .select({ returned: sql<number>`coalesce(-sum(${resourceLedger.quantity}), 0)::int` })
    .from(resourceLedger)
    .where(eq(resourceLedger.returnOf, id));
  return { returned: Number(row?.returned ?? 0) };
}

/** A contact of the customer, or null (a contact of another customer does not count). */
export async function findContact(
  ex: Executor,
  customerId: string,
  contactId: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await ex
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId)));
  return row ?? null;
}

/** The customer of a mandatory-action task, or null when there is no such task. */
export async function findTaskCustomer(ex: Executor, taskId: number): Promise<string | null> {
  const [row] = await ex
    .select({ customerId: actionTasks.customerId })
    .from(actionTasks)
    .where(eq(actionTasks.id, taskId));
  return row?.customerId ?? null;
}

export type CustomerResourceTotal = {
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  resourceNameEn: string;
  resourceKind: string;
  unit: string;
  issued: number;
  returned: number;
  net: number;
  amountFen: number;
};

/** Per resource: how many this customer received, got back, kept, and what it cost. */
export async function customerTotals(ex: Executor, customerId: string): Promise<CustomerResourceTotal[]> {
  const rows = await ex
    .select({
      resourceId: resources.id,
      resourceCode: resources.code,
      resourceName: resources.name,
      resourceNameEn: resources.nameEn,
      resourceKind: resources.kind,
      unit: resources.unit,
      issued: sql<number>`coalesce(sum(${resourceLedger.quantity}) filter (where ${resourceLedger.kind} = 'issue'), 0)::int`,
      returned: sql<number>`coalesce(-sum(${resourceLedger.quantity}) filter (where ${resourceLedger.kind} = 'return'), 0)::int`,
      net: sql<number>`coalesce(sum(${resourceLedger.quantity}), 0)::int`,
      amountFen: sql<number>`coalesce(sum(${resourceLedger.amountFen}), 0)::bigint`,
    })
    .from(resourceLedger)
    .innerJoin(resources, eq(resources.id, resourceLedger.resourceId))
    .where(eq(resourceLedger.customerId, customerId))
    .groupBy(resources.id)
    .orderBy(asc(resources.kind), asc(resources.code));
  return rows.map((r) => ({
    ...r,
    issued: Number(r.issued),
    returned: Number(r.returned),
    net: Number(r.net),
    amountFen: Number(r.amountFen),
  }));
}
