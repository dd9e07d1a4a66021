/**
 * Entitlements (权益, PRODUCT.md §4): what a customer is owed under the catalog version in force,
 * with the rule chain that decided it, the channels that deliver it and, for time limits, the due
 * instant on the customer's region calendar. `resolveEntitlementForCustomer` is the entry point
 * for orders, tickets and tasks, which store the catalog version they started under.
 */
import { eq } from 'drizzle-orm';
import { systemActor } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import { customers } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import type { WorkCalendar } from '../../domain/calendar/calendar.ts';
import { shanghaiDateOf } from '../../domain/calendar/dates.ts';
import { type ComputedDeadline, computeDeadline, type DeadlineRule } from '../../domain/calendar/deadline.ts';
import { serviceTimeToDeadlineRule } from '../../domain/catalog/deadline.ts';
import {
  type Entitlement,
  type EntitlementQuery,
  type EntitlementSubject,
  listEntitlements,
  resolveEntitlement,
} from '../../domain/catalog/entitlements.ts';
import { serviceTierOf } from '../../domain/catalog/levels.ts';
import type { CatalogVersion, ContactRole } from '../../domain/catalog/types.ts';
import { DomainError } from '../../domain/errors.ts';
import { isGroupClass, isTier } from '../../domain/tiers/scheme.ts';
import { type CalendarStore, loadCalendar } from '../calendar/calendar.service.ts';
import { type CustomerRow, loadScopedCustomer } from '../customers/customers.access.ts';
import { findCatalogVersion } from './catalog.repo.ts';
import { ensureCatalogInForce } from './catalog.service.ts';

const CATALOG_ACTOR = systemActor('system:catalog');

export type EntitlementDeadline = ComputedDeadline & { rule: DeadlineRule };

export type EntitlementWithDeadline = Omit<Entitlement, 'item'> & { deadline: EntitlementDeadline | null };

function subjectOf(c: CustomerRow, contactRole?: ContactRole | null): EntitlementSubject {
  return {
    tier: isTier(c.tier) ? c.tier : null,
    stars: c.stars,
    groupClass: isGroupClass(c.groupClass) ? c.groupClass : null,
    contactRole: contactRole ?? null,
  };
}

function subjectView(c: CustomerRow) {
  const s = subjectOf(c);
  return {
    tier: s.tier,
    stars: s.stars,
    groupClass: s.groupClass,
    serviceTier: serviceTierOf(s.tier, s.stars),
    regionCode: c.regionCode,
  };
}

/** The deadline of a time limit if the service were asked for at `at`; null without a fixed limit. */
function deadlineOf(e: Entitlement, cal: WorkCalendar, at: string): EntitlementDeadline | null {
  if (!e.provided || !e.responseTime) return null;
  const rule = serviceTimeToDeadlineRule(e.responseTime, at);
  return rule ? { rule, ...computeDeadline(cal, rule) } : null;
}

function withDeadline(e: Entitlement, cal: WorkCalendar, at: string): EntitlementWithDeadline {
  const { item: _item, ...rest } = e;
  return { ...rest, deadline: deadlineOf(e, cal, at) };
}

/** The published version `n` (for work started under it), or the one in force on `at`'s day. */
async function catalogFor(ex: Executor, at: string, catalogVersion?: number): Promise<CatalogVersion> {
  if (catalogVersion === undefined) return ensureCatalogInForce(ex, CATALOG_ACTOR, shanghaiDateOf(at));
  const found = await findCatalogVersion(ex, catalogVersion);
  if (found?.status !== 'published') {
    throw new DomainError('NOT_FOUND', `No published catalog version ${catalogVersion}`, [
      { field: 'catalogVersion', message: 'no such published version' },
    ]);
  }
  return found;
}

/** Everything the customer is owed at `at` (default now); 404 outside the user's scope. */
export async function listCustomerEntitlements(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
  at?: string,
) {
  const when = at ? new Date(at).toISOString() : deps.now().toISOString();
  const customer = await loadScopedCustomer(deps.db, user, customerId);
  const catalog = await deps.db.transaction((tx) => catalogFor(tx, when));
  const cal = await deps.calendars.get(deps.db, customer.regionCode);
  const items = listEntitlements(catalog.document, subjectOf(customer)).map((group) => ({
    item: group.item,
    provided: group.provided,
    entries: group.entries.map((e) => withDeadline(e, cal, when)),
  }));
  return {
    customerId: customer.id,
    customerName: customer.name,
    at: when,
    catalogVersion: catalog.version,
    subject: subjectView(customer),
    items,
  };
}

export type CustomerEntitlementQuery = EntitlementQuery & { contactRole?: ContactRole | null | undefined };

/** One item for the customer with its full explanation; 404 outside scope or for an unknown item. */
export async function getCustomerEntitlement(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
  query: CustomerEntitlementQuery,
  at?: string,
) {
  await loadScopedCustomer(deps.db, user, customerId);
  const when = at ? new Date(at).toISOString() : deps.now().toISOString();
  const result = await resolveEntitlementForCustomer(deps.db, customerId, query, when, {
    calendars: deps.calendars,
  });
  const { customer } = result;
  return {
    customerId: customer.id,
    customerName: customer.name,
    at: when,
    catalogVersion: result.catalogVersion,
    subject: subjectView(customer),
    item: result.entitlement.item,
    entitlement: {
      ...withoutItem(result.entitlement),
      deadline: result.due && result.deadlineRule ? { rule: result.deadlineRule, ...result.due } : null,
    },
  };
}

function withoutItem(e: Entitlement): Omit<Entitlement, 'item'> {
  const { item: _item, ...rest } = e;
  return rest;
}

export type CustomerEntitlement = {
  catalogVersion: number;
  entitlement: Entitlement;
  /** The calendar rule of the standard's time limit started at `at`; null for 按需 / 按协议 or not provided. */
  deadlineRule: DeadlineRule | null;
  /** The due instant of `deadlineRule` on the customer's region calendar. */
  due: ComputedDeadline | null;
  customer: CustomerRow;
};

/**
 * What a customer is owed for one item when a piece of work starts at `at` (UTC ISO), for orders,
 * tickets and tasks: the entitlement, its deadline rule and due instant on the customer's region
 * calendar, and the catalog version used — store it, and pass it back as `options.catalogVersion`
 * to keep the version the work started under. No scope check: callers check their own access.
 * Pass `options.calendars` (deps.calendars) to reuse the cached calendar.
 *
 * @example
 * const r = await resolveEntitlementForCustomer(tx, customerId, { itemCode: 'fixed_line_restore' }, openedAt,
 *   { calendars: deps.calendars });
 * // r.catalogVersion → 1; r.due → { dueAt, dueDate, provisional }; store r.catalogVersion and r.deadlineRule
 */
export async function resolveEntitlementForCustomer(
  ex: Executor,
  customerId: string,
  query: CustomerEntitlementQuery,
  at: string,
  options: { calendars?: CalendarStore; catalogVersion?: number } = {},
): Promise<CustomerEntitlement> {
  const [customer] = await ex.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('NOT_FOUND', `No customer ${customerId}`);
  const catalog = await catalogFor(ex, at, options.catalogVersion);
  const { contactRole, ...itemQuery } = query;
  const entitlement = resolveEntitlement(catalog.document, subjectOf(customer, contactRole), itemQuery);
  const deadlineRule =
    entitlement.provided && entitlement.responseTime
      ? serviceTimeToDeadlineRule(entitlement.responseTime, at)
      : null;
  let due: ComputedDeadline | null = null;
  if (deadlineRule) {
    const cal = options.calendars
      ? await options.calendars.get(ex, customer.regionCode)
      : await loadCalendar(ex, customer.regionCode);
    due = computeDeadline(cal, deadlineRule);
  }
  return { catalogVersion: catalog.version, entitlement, deadlineRule, due, customer };
}
