/**
 * Service resources (PRODUCT.md §4 "Resources"): the resources matched to service items, budgets
 * per level and period, and issuing / returning / adjusting through the ledger. Each change is one
 * transaction: lock → pure rule (`src/domain/resources`) → conditional UPDATE of `used` → ledger
 * row → audit. Two issues at the same moment queue on the budget rows' locks, and the second one
 * sees what the first one used.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import {
  type BudgetState,
  budgetLevelsOf,
  checkBudgetQuantity,
  planAdjustment,
  planIssue,
  remainingOf,
} from '../../domain/resources/budget.ts';
import type { BudgetLevel } from '../../domain/resources/kinds.ts';
import {
  type BudgetPeriod,
  checkPeriodKey,
  parsePeriodKey,
  periodKeysOf,
} from '../../domain/resources/periods.ts';
import { amountOf, planReturn } from '../../domain/resources/returns.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import { customerScope, loadScopedCustomer } from '../customers/customers.access.ts';
import { regionTree } from '../tiers/tiers.repo.ts';
import {
  addToUsed,
  type BudgetListRow,
  type BudgetRow,
  copyBudgets,
  customerTotals,
  findContact,
  findLedgerEntry,
  findResourceByCode,
  findResourceById,
  findTaskCustomer,
  giveBack,
  insertLedger,
  insertResource,
  type LedgerFilter,
  type LedgerListRow,
  type LedgerRow,
  listBudgets,
  listLedger,
  listResources,
  lockBudgetById,
  lockBudgetByKey,
  lockIssueBudgets,
  lockIssueForReturn,
  type ResourceFilter,
  type ResourceRow,
  updateResource,
  upsertBudget,
} from './resources.repo.ts';

/** Today in Asia/Shanghai. */
function todayOf(deps: Deps): string {
  return fromDayNumber(shanghaiDayNumberOf(deps.now().getTime()));
}

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, [{ field, message }]);

// ---------------------------------------------------------------------------------------------
// Views

export type ResourceView = Omit<ResourceRow, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
};

function resourceView(r: ResourceRow): ResourceView {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export type BudgetView = Omit<BudgetListRow, 'createdAt' | 'updatedAt'> & {
  remaining: number;
  budgetAmountFen: number;
  usedAmountFen: number;
  updatedAt: string;
};

function budgetView(b: BudgetListRow): BudgetView {
  const { createdAt: _created, ...rest } = b;
  return {
    ...rest,
    remaining: remainingOf(b),
    budgetAmountFen: amountOf(b.quantity, b.unitCostFen),
    usedAmountFen: amountOf(b.used, b.unitCostFen),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export type LedgerView = Omit<LedgerListRow, 'at'> & { at: string };

function ledgerView(row: LedgerListRow): LedgerView {
  return { ...row, at: row.at.toISOString() };
}

/**
 * What `user` may read of the ledger: entries of customers in its scope; adjustments (no
 * customer) for everyone but account managers, who see only their portfolio.
 */
function ledgerVisibility(user: ScopedUser): { visible: SQL; adjustmentsVisible: boolean } {
  return { visible: customerScope(user), adjustmentsVisible: user.role !== 'account_manager' };
}

async function getLedgerView(tx: Tx, user: ScopedUser, id: string): Promise<LedgerView> {
  const { visible, adjustmentsVisible } = ledgerVisibility(user);
  const row = await findLedgerEntry(tx, visible, adjustmentsVisible, id);
  if (!row) throw new DomainError('NOT_FOUND', `No ledger entry ${id}`);
  return ledgerView(row);
}

// ---------------------------------------------------------------------------------------------
// Resources

export async function listResourcesFor(deps: Deps, filter: ResourceFilter): Promise<ResourceView[]> {
  return (await listResources(deps.db, filter)).map(resourceView);
}

/** The service item codes not in the catalog in force today, each named by its index. */
async function checkServiceItems(
  tx: Tx,
  actor: Actor,
  today: string,
  codes: readonly string[],
): Promise<void> {
  if (codes.length === 0) return;
  const catalog = await ensureCatalogInForce(tx, actor, today);
  const known = new Set(catalog.document.items.map((i) => i.code));
  const issues: FieldIssue[] = [];
  for (const [i, code] of codes.entries()) {
    if (!known.has(code)) {
      issues.push({
        field: `serviceItemCodes[${i}]`,
        message: `no service item '${code}' in the catalog in force (version ${catalog.version})`,
      });
    }
  }
  if (issues.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `Unknown service items: ${issues.length}`, issues);
  }
}

export type CreateResourceInput = {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  unit: string;
  unitCostFen: number;
  serviceItemCodes: string[];
  description?: string | null | undefined;
  active: boolean;
};

export function createResource(deps: Deps, actor: Actor, input: CreateResourceInput): Promise<ResourceView> {
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const serviceItemCodes = [...new Set(input.serviceItemCodes)];
    await checkServiceItems(tx, actor, todayOf(deps), serviceItemCodes);
    const created = await insertResource(tx, {
      ...input,
      serviceItemCodes,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    if (!created) {
      const message = `a resource with code '${input.code}' already exists`;
      throw new DomainError('CONFLICT', message, [{ field: 'code', message }]);
    }
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'resource',
      entityId: created.id,
      after: created,
    });
    return resourceView(created);
  });
}

export type UpdateResourceInput = Partial<Omit<CreateResourceInput, 'code'>>;

export function changeResource(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: UpdateResourceInput,
): Promise<ResourceView> {
  return deps.db.transaction(async (tx) => {
    const before = await findResourceById(tx, id, { forUpdate: true });
    if (!before) throw new DomainError('NOT_FOUND', `No resource ${id}`);
    const values = { ...patch };
    if (values.serviceItemCodes) {
      values.serviceItemCodes = [...new Set(values.serviceItemCodes)];
      await checkServiceItems(tx, actor, todayOf(deps), values.serviceItemCodes);
    }
    const after = await updateResource(tx, id, { ...values, updatedAt: deps.now() });
    await writeAudit(tx, actor, { action: 'update', entity: 'resource', entityId: id, before, after });
    return resourceView(after);
  });
}

async function getResourceByCode(tx: Tx, code: string, field = 'resourceCode'): Promise<ResourceRow> {
  const resource = await findResourceByCode(tx, code);
  if (!resource) throw invalid(field, `no resource '${code}'`);
  return resource;
}

// ---------------------------------------------------------------------------------------------
// Budgets

export type BudgetQuery = {
  resourceCode?: string | undefined;
  level?: string | undefined;
  period?: string | undefined;
  periodKey?: string | undefined;
  date?: string | undefined;
};

/** Budgets with usage and what is left: of one period key, or those in force on `date` (default today). */
export async function listBudgetsFor(deps: Deps, query: BudgetQuery): Promise<BudgetView[]> {
  let periodKeys: string[];
  if (query.periodKey) {
    const span = parsePeriodKey(query.periodKey);
    if (!span)
      throw invalid('periodKey', `'${query.periodKey}' is not a period key (2026-03, 2026-Q1 or 2026)`);
    periodKeys = [span.periodKey];
  } else {
    periodKeys = Object.values(periodKeysOf(query.date ?? todayOf(deps)));
  }
  const rows = await listBudgets(deps.db, {
    resourceCode: query.resourceCode,
    level: query.level,
    period: query.period,
    periodKeys,
  });
  return rows.map(budgetView);
}

export type SetBudgetInput = {
  resourceCode: string;
  level: BudgetLevel;
  period: BudgetPeriod;
  periodKey: string;
  quantity: number;
};

function budgetListRow(resource: ResourceRow, budget: BudgetRow): BudgetView {
  return budgetView({
    ...budget,
    resourceCode: resource.code,
    resourceName: resource.name,
    resourceNameEn: resource.nameEn,
    resourceKind: resource.kind,
    unit: resource.unit,
    unitCostFen: resource.unitCostFen,
  });
}

/**
 * Creates or changes the budget of a resource for a level and period. A quantity below what is
 * already used is refused (409 naming `quantity`); the budget row is locked meanwhile, so an issue
 * at the same moment cannot slip under it.
 */
export function setBudget(deps: Deps, actor: Actor, input: SetBudgetInput): Promise<BudgetView> {
  return deps.db.transaction(async (tx) => {
    checkPeriodKey(input.period, input.periodKey);
    const resource = await getResourceByCode(tx, input.resourceCode);
    const key = {
      resourceId: resource.id,
      level: input.level,
      period: input.period,
      periodKey: input.periodKey,
    };
    const before = await lockBudgetByKey(tx, key);
    checkBudgetQuantity(input.quantity, before?.used ?? 0);
    const saved = await upsertBudget(tx, key, input.quantity, actor.name, deps.now());
    if (!saved) {
      // Only reachable if the row appeared (with usage) after our lock attempt found none.
      const current = await lockBudgetByKey(tx, key);
      checkBudgetQuantity(input.quantity, current?.used ?? 0);
      throw new DomainError('CONFLICT', 'The budget changed meanwhile; try again');
    }
    await writeAudit(tx, actor, {
      action: before ? 'update' : 'create',
      entity: 'resourceBudget',
      entityId: saved.id,
      before: before ? { quantity: before.quantity, used: before.used } : null,
      after: { resourceCode: resource.code, ...key, quantity: saved.quantity, used: saved.used },
    });
    return budgetListRow(resource, saved);
  });
}

export type CopyBudgetsResult = {
  period: BudgetPeriod;
  fromPeriodKey: string;
  toPeriodKey: string;
  created: number;
  skipped: number;
};

/**
 * Copies the budgets of one period to another of the same kind (the monthly chore: 2026-03 →
 * 2026-04): each budget's quantity, used 0, for every resource × level the target has no budget
 * for yet; existing target budgets are left as they are and counted as skipped. One transaction,
 * one audit entry with the counts.
 */
export function copyBudgetsTo(
  deps: Deps,
  actor: Actor,
  input: { fromPeriodKey: string; toPeriodKey: string },
): Promise<CopyBudgetsResult> {
  return deps.db.transaction(async (tx) => {
    const from = parsePeriodKey(input.fromPeriodKey);
    if (!from) {
      throw invalid(
        'fromPeriodKey',
        `'${input.fromPeriodKey}' is not a period key (2026-03, 2026-Q1 or 2026)`,
      );
    }
    checkPeriodKey(from.period, input.toPeriodKey, 'toPeriodKey');
    if (input.toPeriodKey === input.fromPeriodKey) {
      throw invalid('toPeriodKey', 'copy to another period than the one copied from');
    }
    const { created, skipped } = await copyBudgets(
      tx,
      from.period,
      input.fromPeriodKey,
      input.toPeriodKey,
      actor.name,
      deps.now(),
    );
    const result: CopyBudgetsResult = {
      period: from.period,
      fromPeriodKey: input.fromPeriodKey,
      toPeriodKey: input.toPeriodKey,
      created: created.length,
      skipped,
    };
    await writeAudit(tx, actor, {
      action: 'copy',
      entity: 'resourceBudget',
      entityId: `${input.fromPeriodKey}→${input.toPeriodKey}`,
      after: result,
    });
    return result;
  });
}

/**
 * A stock-take adjustment (盘点调整) of a budget's usage: + takes quantity (lost, damaged), −
 * gives it back. Written to the ledger without a customer.
 */
export function adjustBudget(
  deps: Deps,
  actor: Actor,
  budgetId: string,
  input: { quantity: number; reason: string },
): Promise<LedgerView> {
  return deps.db.transaction(async (tx) => {
    const budget = await lockBudgetById(tx, budgetId);
    if (!budget) throw new DomainError('NOT_FOUND', `No budget ${budgetId}`);
    const resource = (await findResourceById(tx, budget.resourceId))!;
    const used = planAdjustment(budget, input.quantity);
    const now = deps.now();
    const changed = await addToUsed(tx, [budget.id], input.quantity, now);
    if (changed.length !== 1) throw new DomainError('CONFLICT', 'The budget changed meanwhile; try again');
    const entry = await insertLedger(tx, {
      kind: 'adjustment',
      resourceId: resource.id,
      customerId: null,
      level: budget.level,
      issueDate: todayOf(deps),
      periodKeys: [budget.periodKey],
      budgetIds: [budget.id],
      quantity: input.quantity,
      unitCostFen: resource.unitCostFen,
      amountFen: amountOf(input.quantity, resource.unitCostFen),
      reason: input.reason,
      actorId: actor.id,
      actorName: actor.name,
      at: now,
    });
    await writeAudit(tx, actor, {
      action: 'adjust',
      entity: 'resourceBudget',
      entityId: budget.id,
      before: { used: budget.used, quantity: budget.quantity },
      after: { used, quantity: budget.quantity, ledgerId: entry.id },
      reason: input.reason,
    });
    // Only admin and kam_manager adjust, and both read adjustments.
    return ledgerView((await findLedgerEntry(tx, sql`true`, true, entry.id))!);
  });
}

// ---------------------------------------------------------------------------------------------
// Issue and return

export type IssueInput = {
  resourceCode: string;
  customerId: string;
  quantity: number;
  reason: string;
  contactId?: string | undefined;
  taskId?: number | undefined;
};

/**
 * Issues a resource to a customer in `user`'s scope (another portfolio's customer is 404). The
 * customer's tier (else group class) decides the budgets drawn: every budget of that level whose
 * month, quarter or year contains today. Over budget → 409 BUDGET_EXCEEDED with `remaining`.
 */
export function issueResource(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  input: IssueInput,
): Promise<LedgerView & { remaining: number }> {
  return deps.db.transaction(async (tx) => {
    const resource = await getResourceByCode(tx, input.resourceCode);
    if (!resource.active) throw invalid('resourceCode', `resource '${resource.code}' is no longer issued`);
    const customer = await loadScopedCustomer(tx, user, input.customerId);
    const contact = input.contactId ? await findContact(tx, customer.id, input.contactId) : null;
    if (input.contactId && !contact) {
      throw invalid('contactId', `no contact ${input.contactId} of customer ${customer.code}`);
    }
    if (input.taskId !== undefined && (await findTaskCustomer(tx, input.taskId)) !== customer.id) {
      throw invalid('taskId', `no mandatory-action task ${input.taskId} of customer ${customer.code}`);
    }
    const today = todayOf(deps);
    const keys = periodKeysOf(today);
    const levels = budgetLevelsOf(customer);
    const locked = await lockIssueBudgets(tx, resource.id, levels, keys);
    const plan = planIssue({
      levels,
      budgets: locked.map(
        (b): BudgetState => ({ ...b, level: b.level as BudgetLevel, period: b.period as BudgetPeriod }),
      ),
      quantity: input.quantity,
      resource: resource.name,
    });
    const ids = plan.draws.map((d) => d.budgetId);
    const now = deps.now();
    // The conditional UPDATE re-checks `used + q <= quantity` in the database itself.
    const drawn = await addToUsed(tx, ids, input.quantity, now);
    if (drawn.length !== ids.length) {
      throw new DomainError('BUDGET_EXCEEDED', 'The budget was used up meanwhile', [], { remaining: 0 });
    }
    const entry = await insertLedger(tx, {
      kind: 'issue',
      resourceId: resource.id,
      customerId: customer.id,
      level: plan.level,
      issueDate: today,
      periodKeys: plan.draws.map((d) => d.periodKey),
      budgetIds: ids,
      quantity: input.quantity,
      unitCostFen: resource.unitCostFen,
      amountFen: amountOf(input.quantity, resource.unitCostFen),
      reason: input.reason,
      contactId: contact?.id ?? null,
      contactName: contact?.name ?? null,
      taskId: input.taskId ?? null,
      actorId: actor.id,
      actorName: actor.name,
      at: now,
    });
    await writeAudit(tx, actor, {
      action: 'issue',
      entity: 'resourceLedger',
      entityId: entry.id,
      after: auditOf(entry, resource, customer.code, plan.remainingAfter),
      reason: input.reason,
    });
    return { ...(await getLedgerView(tx, user, entry.id)), remaining: plan.remainingAfter };
  });
}

function auditOf(entry: LedgerRow, resource: ResourceRow, customerCode: string, remaining?: number) {
  return {
    kind: entry.kind,
    resourceCode: resource.code,
    customerId: entry.customerId,
    customerCode,
    level: entry.level,
    periodKeys: entry.periodKeys,
    budgetIds: entry.budgetIds,
    quantity: entry.quantity,
    amountFen: entry.amountFen,
    contactId: entry.contactId,
    taskId: entry.taskId,
    returnOf: entry.returnOf,
    ...(remaining === undefined ? {} : { remaining }),
  };
}

/**
 * Returns (part of) an issue: at most what is still out; the quantity goes back to the budgets the
 * issue drew on, whatever period it is now. Appends a `return` row; the issue row is never changed.
 */
export function returnResource(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  issueId: string,
  input: { quantity?: number | undefined; reason: string },
): Promise<LedgerView> {
  return deps.db.transaction(async (tx) => {
    const { visible } = ledgerVisibility(user);
    const issue = await findLedgerEntry(tx, visible, false, issueId);
    if (!issue) throw new DomainError('NOT_FOUND', `No ledger entry ${issueId}`);
    if (issue.kind !== 'issue') {
      throw new DomainError('CONFLICT', `Only an issue can be returned; this entry is a ${issue.kind}`);
    }
    const { returned } = await lockIssueForReturn(tx, issue.id);
    const quantity = planReturn({ issued: issue.quantity, returned, requested: input.quantity });
    const now = deps.now();
    await giveBack(tx, issue.budgetIds, quantity, now);
    const entry = await insertLedger(tx, {
      kind: 'return',
      resourceId: issue.resourceId,
      customerId: issue.customerId,
      level: issue.level,
      issueDate: todayOf(deps),
      periodKeys: issue.periodKeys,
      budgetIds: issue.budgetIds,
      quantity: -quantity,
      unitCostFen: issue.unitCostFen,
      amountFen: amountOf(-quantity, issue.unitCostFen),
      reason: input.reason,
      contactId: issue.contactId,
      contactName: issue.contactName,
      taskId: issue.taskId,
      returnOf: issue.id,
      actorId: actor.id,
      actorName: actor.name,
      at: now,
    });
    const resource = (await findResourceById(tx, issue.resourceId))!;
    await writeAudit(tx, actor, {
      action: 'return',
      entity: 'resourceLedger',
      entityId: entry.id,
      after: auditOf(entry, resource, issue.customerCode ?? ''),
      reason: input.reason,
    });
    return getLedgerView(tx, user, entry.id);
  });
}

// ---------------------------------------------------------------------------------------------
// Reading the ledger

export type LedgerQuery = Omit<LedgerFilter, 'fromDate' | 'toDate' | 'regionCodes'> & {
  periodKey?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  regionCode?: string | undefined;
};

function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function earlierOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

export async function listLedgerFor(
  deps: Deps,
  user: ScopedUser,
  query: LedgerQuery,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: LedgerView[] }> {
  const { periodKey, from, to, regionCode, ...rest } = query;
  let fromDate = from;
  let toDate = to;
  if (from && to && to < from) {
    throw new DomainError('INVALID_RANGE', `to ${to} is before from ${from}`, [
      { field: 'to', message: 'on or after from' },
    ]);
  }
  if (periodKey) {
    const span = parsePeriodKey(periodKey);
    if (!span) throw invalid('periodKey', `'${periodKey}' is not a period key (2026-03, 2026-Q1 or 2026)`);
    fromDate = laterOf(fromDate, span.fromDate);
    toDate = earlierOf(toDate, span.toDate);
  }
  const { visible, adjustmentsVisible } = ledgerVisibility(user);
  const filter: LedgerFilter = {
    ...rest,
    fromDate,
    toDate,
    ...(regionCode ? { regionCodes: await regionTree(deps.db, regionCode) } : {}),
  };
  // A region or customer filter is about customers: adjustments have none.
  const withAdjustments = adjustmentsVisible && !regionCode && !rest.customerId;
  const result = await listLedger(deps.db, visible, withAdjustments, filter, page);
  return { total: result.total, items: result.items.map(ledgerView) };
}

export type CustomerResources = {
  customerId: string;
  levels: string[];
  totals: Awaited<ReturnType<typeof customerTotals>>;
  available: BudgetView[];
  entries: LedgerView[];
};

/** What a customer in scope received (per resource and entry by entry) and may still receive today. */
export async function customerResources(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
  limit: number,
): Promise<CustomerResources> {
  const customer = await loadScopedCustomer(deps.db, user, customerId);
  const levels = budgetLevelsOf(customer);
  const totals = await customerTotals(deps.db, customer.id);
  const { visible } = ledgerVisibility(user);
  const entries = await listLedger(
    deps.db,
    visible,
    false,
    { customerId: customer.id },
    { limit, offset: 0 },
  );
  const budgets =
    levels.length === 0
      ? []
      : await listBudgets(deps.db, { periodKeys: Object.values(periodKeysOf(todayOf(deps))) });
  // The level drawn per resource is the first of `levels` that has a budget today.
  const available = budgets.filter((b) => {
    const first = levels.find((l) => budgets.some((x) => x.resourceId === b.resourceId && x.level === l));
    return b.level === first;
  });
  return {
    customerId: customer.id,
    levels,
    totals,
    available: available.map(budgetView),
    entries: entries.items.map(ledgerView),
  };
}
