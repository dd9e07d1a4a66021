/**
 * Trouble tickets (PRODUCT.md §7, 一站式服务): create for a customer in scope, move through the
 * lifecycle (src/domain/tickets/lifecycle.ts) and the stages of the route of the desk
 * configuration, assign, annotate; lists and board counts in the caller's scope, queue order by
 * tier then time left. Every change, in ONE transaction: the ticket row, a `ticket_events` entry
 * with the state after it, the SLA clocks (`syncTicketClocks`), return visits on resolve/reopen,
 * TMF621 hub events into the outbox, and the audit log.
 */
import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { isoOrNull } from '../../db/columns.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import type { ClockEvent } from '../../domain/desk/clock-engine.ts';
import {
  type DeskConfig,
  type Severity,
  TICKET_STATUSES,
  type TicketStatus,
  type TicketType,
} from '../../domain/desk/config.ts';
import { DomainError } from '../../domain/errors.ts';
import { planAttributeChange, type TicketAttributes } from '../../domain/tickets/attributes.ts';
import { allowedTransitions, isOpenStatus, planStatusChange } from '../../domain/tickets/lifecycle.ts';
import { formatTicketNumber } from '../../domain/tickets/number.ts';
import { defaultPriority, ticketTierOf, tierRank } from '../../domain/tickets/queue.ts';
import { findCustomerServiceLevels, findServiceLevels } from '../agreements/agreements.repo.ts';
import type { CalendarStore } from '../calendar/calendar.service.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { ensureDeskConfig, getDeskConfigVersion } from '../desk/desk-config.service.ts';
import { clockViewsFor, escalationViewsFor, newTicketClocks, syncTicketClocks } from '../desk/sla.service.ts';
import { kickDelivery } from '../events/delivery.service.ts';
import { enqueueEvent, enqueueEvents } from '../events/outbox.service.ts';
import { findCustomerOrderNumber } from '../orders/orders.repo.ts';
import { cancelOpenVisitsForTicket, openReturnVisitForTicket } from '../visits/visits.service.ts';
import {
  type CreateScope,
  clockJsonRow,
  departmentNames,
  type EventRow,
  findActiveUser,
  findCustomerCircuit,
  findTicket,
  findTickets,
  forgetCreateContext,
  insertCreatedTicket,
  insertEvent,
  keptCreateContext,
  listEvents,
  listEventsOf,
  listTickets,
  listTicketVisits,
  loadCreateContext,
  lockTicket,
  readCreateContext,
  summarise,
  type TicketFilter,
  type TicketRecord,
  type TicketRow,
  type TicketSort,
  takeEventId,
  updateTicketRow,
  visitStateOf,
  writeCreatedTicket,
} from './tickets.repo.ts';
import type { CreateTicketBody, EventView, TicketDetail, TicketView, VisitView } from './tickets.schema.ts';
import { type TmfTicket, toTmfTicket } from './tickets.tmf.ts';

/** A ticket view with the extras TMF shows. */
export type TicketViewFull = TicketView & { externalId: string | null };

/** Tickets visible to `user`: the customer scope over the ticket's snapshot owner columns. */
export function ticketScope(user: ScopedUser): SQL {
  return customerScopeOver(user, {
    accountManagerId: sql`t.account_manager_id`,
    regionCode: sql`t.region_code`,
  });
}

const shanghaiDate = (at: Date) => fromDayNumber(shanghaiDayNumberOf(at.getTime()));

// ---------------------------------------------------------------------------------------------
// Views

/** Desk configuration documents by version; a published version never changes. */
const configs = new Map<number, DeskConfig>();

async function configOf(ex: Executor, version: number): Promise<DeskConfig | null> {
  const hit = configs.get(version);
  if (hit) return hit;
  try {
    const found = await getDeskConfigVersion(ex, version);
    configs.set(version, found.document);
    return found.document;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

async function stageNamesOf(ex: Executor, rows: readonly TicketRow[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const version of new Set(rows.map((r) => r.deskConfigVersion))) {
    const config = await configOf(ex, version);
    for (const s of config?.stages ?? []) names.set(`${version}:${s.code}`, s.name);
  }
  return names;
}

export function toTicketView(row: TicketRow, now: Date, stageNames: Map<string, string>): TicketViewFull {
  const running = row.nextTargetAt !== null && isOpenStatus(row.status);
  return {
    id: row.id,
    number: row.number,
    customerId: row.customerId,
    customerName: row.customerName,
    tier: row.tier,
    tierRank: row.tierRank,
    regionCode: row.regionCode,
    accountManagerId: row.accountManagerId,
    accountManagerName: row.accountManagerName,
    ticketType: row.ticketType,
    severity: row.severity,
    priority: row.priority,
    channel: row.channel,
    name: row.name,
    description: row.description,
    status: row.status,
    statusReason: row.statusReason,
    statusChangedAt: row.statusChangedAt.toISOString(),
    stageCode: row.stageCode,
    stageName: stageNames.get(`${row.deskConfigVersion}:${row.stageCode}`) ?? row.stageCode,
    departmentCode: row.departmentCode,
    departmentName: row.departmentName,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    circuitId: row.circuitId,
    circuitNumber: row.circuitNumber,
    product: row.product,
    orderRef: row.orderRef,
    serviceItem: row.serviceItem,
    nextTargetAt: isoOrNull(row.nextTargetAt),
    timeLeftMinutes: running ? Math.floor((row.nextTargetAt!.getTime() - now.getTime()) / 60_000) : null,
    escalationLevel: row.escalationLevel,
    breached: row.breached,
    deskConfigVersion: row.deskConfigVersion,
    catalogVersion: row.catalogVersion,
    requestedResolutionDate: isoOrNull(row.requestedResolutionDate),
    expectedResolutionDate: isoOrNull(row.expectedResolutionDate),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolutionDate: isoOrNull(row.resolutionDate),
    closedAt: isoOrNull(row.closedAt),
    createdBy: row.createdBy,
    externalId: row.externalId,
  };
}

async function toViews(ex: Executor, rows: TicketRow[], now: Date): Promise<TicketViewFull[]> {
  const names = await stageNamesOf(ex, rows);
  return rows.map((r) => toTicketView(r, now, names));
}

function eventView(e: EventRow): EventView {
  return {
    id: e.id,
    at: e.at.toISOString(),
    kind: e.kind,
    status: e.status,
    stageCode: e.stageCode,
    departmentCode: e.departmentCode,
    actorName: e.actorName,
    reason: e.reason,
    data: e.data,
  };
}

export type Page = { limit: number; offset: number; sort: TicketSort };

export async function listTicketsFor(
  deps: Deps,
  user: ScopedUser,
  filter: TicketFilter,
  page: Page,
): Promise<{ total: number; totalEstimated: boolean; items: TicketViewFull[] }> {
  const result = await listTickets(deps.db, ticketScope(user), filter, page);
  return { ...result, items: await toViews(deps.db, result.items, deps.now()) };
}

/** The tickets of one customer (404 when the customer is out of scope). */
export async function listCustomerTicketsFor(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
  filter: TicketFilter,
  page: Page,
): Promise<{ total: number; totalEstimated: boolean; items: TicketViewFull[] }> {
  await loadScopedCustomer(deps.db, user, customerId);
  const result = await listTickets(deps.db, sql`true`, { ...filter, customerId }, page);
  return { ...result, items: await toViews(deps.db, result.items, deps.now()) };
}

export async function ticketSummaryFor(deps: Deps, user: ScopedUser) {
  return summarise(deps.db, ticketScope(user), deps.now());
}

async function getVisibleRow(ex: Executor, user: ScopedUser, id: string): Promise<TicketRow> {
  const row = await findTicket(ex, ticketScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No ticket ${id}`);
  return row;
}

/** A person a ticket can be given to. */
export type AssigneeOption = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  /** The department's head (部门负责人). */
  isHead: boolean;
};

/**
 * The people of the department that holds the ticket now (its current stage's department),
 * active, its head first — what the assignee picker offers anyone who may assign the ticket, so a
 * supervisor gives the ticket to a member of the team without the admin's user list. (Assigning
 * itself accepts any active user: a ticket handed over clears its assignee anyway.) 404 out of scope.
 */
export async function listAssigneesFor(
  deps: Deps,
  user: ScopedUser,
  id: string,
): Promise<{ departmentCode: string; departmentName: string | null; users: AssigneeOption[] }> {
  const row = await getVisibleRow(deps.db, user, id);
  const users = await queryRows<AssigneeOption>(
    deps.db,
    sql`select u.id, u.username, u.display_name as "displayName", u.role,
          coalesce(d.head_id = u.id, false) as "isHead"
        from users u join departments d on d.id = u.department_id
        where d.code = ${row.departmentCode} and u.active
        order by 5 desc, u.display_name, u.username`,
  );
  return { departmentCode: row.departmentCode, departmentName: row.departmentName, users };
}

/** One ticket as the list shows it (404 out of scope). */
export async function getTicketView(deps: Deps, user: ScopedUser, id: string): Promise<TicketViewFull> {
  const row = await getVisibleRow(deps.db, user, id);
  const [view] = await toViews(deps.db, [row], deps.now());
  return view!;
}

function visitView(v: Awaited<ReturnType<typeof listTicketVisits>>[number], now: Date): VisitView {
  return {
    id: v.id,
    kind: v.kind,
    customerId: v.customerId,
    customerName: v.customerName,
    tier: v.tier,
    ticketId: v.ticketId,
    ticketNumber: v.ticketNumber,
    orderRef: v.orderRef,
    visitorId: v.visitorId,
    visitorName: v.visitorName,
    regionCode: v.regionCode,
    dueAt: v.dueAt.toISOString(),
    status: v.status,
    outcome: v.outcome,
    score: v.score,
    note: v.note,
    contactName: v.contactName,
    doneAt: isoOrNull(v.doneAt),
    doneBy: v.doneBy,
    overdue: v.status === 'open' && v.dueAt.getTime() < now.getTime(),
    followUpTaskId: v.followUpTaskId,
  };
}

/** The ticket page: view, history, clocks, escalations, visits, allowed next statuses, route. */
export async function getTicketDetail(
  deps: Deps,
  user: ScopedUser,
  id: string,
): Promise<TicketDetail & { externalId: string | null }> {
  const now = deps.now();
  const row = await getVisibleRow(deps.db, user, id);
  const [view] = await toViews(deps.db, [row], now);
  const [events, visits, clocks, escalations, config, departments, customerRows, levels, coverage] =
    await Promise.all([
      listEvents(deps.db, id),
      listTicketVisits(deps.db, id),
      clockViewsFor(deps.db, deps.calendars, id, now),
      escalationViewsFor(deps.db, id),
      configOf(deps.db, row.deskConfigVersion),
      departmentNames(deps.db),
      queryRows<{ id: string; name: string; tier: string | null; stars: number | null }>(
        deps.db,
        sql`select id, name, tier, stars from customers where id = ${row.customerId}::uuid`,
      ),
      // The level is read now, not snapshotted: an approval shows at once on open tickets.
      findServiceLevels(deps.db, row.circuitId ? [row.circuitId] : [], shanghaiDate(now)),
      // Without a circuit, the customer's coverage: which agreements, over how many circuits.
      row.circuitId
        ? Promise.resolve([])
        : findCustomerServiceLevels(deps.db, row.customerId, shanghaiDate(now)),
    ]);
  const openVisit = visits.some((v) => v.status === 'open');
  const visited = row.ticketType === 'fault' || row.ticketType === 'complaint';
  const allowed = allowedTransitions(row.status).filter((s) => !(s === 'closed' && visited && openVisit));
  const stages = new Map((config?.stages ?? []).map((s) => [s.code, s]));
  const routeCodes = config?.routes.find((r) => r.ticketType === row.ticketType)?.stages ?? [];
  const customer = customerRows[0] ?? { id: row.customerId, name: row.customerName, tier: null, stars: null };
  return {
    ...view!,
    events: events.map(eventView),
    clocks: clocks as unknown as Record<string, unknown>[],
    escalations: escalations as unknown as Record<string, unknown>[],
    visits: visits.map((v) => visitView(v, now)),
    allowedTransitions: allowed,
    route: routeCodes.map((code) => {
      const s = stages.get(code);
      const departmentCode = s?.departmentCode ?? '';
      return {
        code,
        name: s?.name ?? code,
        nameEn: s?.nameEn ?? code,
        departmentCode,
        departmentName: departments.get(departmentCode) ?? null,
      };
    }),
    customer: {
      id: customer.id,
      name: customer.name,
      tier: customer.tier,
      stars: customer.stars === null ? null : Number(customer.stars),
    },
    serviceLevel: (row.circuitId ? levels.get(row.circuitId) : null) ?? null,
    customerServiceLevels: coverage,
  };
}

/** The TMF621 representation of a ticket just created (`createTicketFor`), from what is in memory. */
export function createdTmfTicket(
  created: { view: TicketViewFull; events: readonly EventRow[] },
  origin: string,
): TmfTicket {
  return toTmfTicket(created.view, created.events, origin);
}

/** The TMF621 representation of a ticket, read in `ex` (a transaction sees its own changes). */
export async function loadTmfTicket(ex: Executor, id: string, now: Date, origin: string): Promise<TmfTicket> {
  const row = await findTicket(ex, sql`true`, id);
  if (!row) throw new DomainError('NOT_FOUND', `No ticket ${id}`);
  const [view] = await toViews(ex, [row], now);
  const events = await listEvents(ex, id, ['created', 'status', 'note']);
  return toTmfTicket(view!, events, origin);
}

/**
 * `loadTmfTicket` for many tickets at once (three statements whatever their number), in the order
 * asked; an id that is not a ticket is left out.
 */
export async function loadTmfTickets(
  ex: Executor,
  ids: readonly string[],
  now: Date,
  origin: string,
): Promise<TmfTicket[]> {
  if (ids.length === 0) return [];
  const tmf = await toTmfTickets(ex, await findTickets(ex, ids), now, origin);
  const byId = new Map(tmf.map((t) => [t.id, t]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Ticket rows as TMF621, with their history (two statements whatever their number). */
async function toTmfTickets(
  ex: Executor,
  rows: TicketRow[],
  now: Date,
  origin: string,
): Promise<TmfTicket[]> {
  const views = await toViews(ex, rows, now);
  const events = await listEventsOf(
    ex,
    views.map((v) => v.id),
    ['created', 'status', 'note'],
  );
  return views.map((v) => toTmfTicket(v, events.get(v.id) ?? [], origin));
}

/** A visible ticket as TMF621 (404 out of scope). */
export async function getTmfTicketFor(
  deps: Deps,
  user: ScopedUser,
  id: string,
  origin: string,
): Promise<TmfTicket> {
  await getVisibleRow(deps.db, user, id);
  return loadTmfTicket(deps.db, id, deps.now(), origin);
}

/** A page of visible tickets as TMF621. */
export async function listTmfTicketsFor(
  deps: Deps,
  user: ScopedUser,
  filter: TicketFilter,
  page: Page,
  origin: string,
): Promise<{ total: number; totalEstimated: boolean; items: TmfTicket[] }> {
  const now = deps.now();
  const result = await listTickets(deps.db, ticketScope(user), filter, page);
  const items = await toTmfTickets(deps.db, result.items, now, origin);
  return { total: result.total, totalEstimated: result.totalEstimated, items };
}

// ---------------------------------------------------------------------------------------------
// Changes

/** What one transaction queued for the hub (kicked for delivery after the commit). */
type Outcome = {
  queued: number;
  /** false when the transaction saw no hub subscription at all: events are then skipped outright. */
  subscribers?: boolean;
};

async function publish(tx: Tx, id: string, eventType: string, at: Date, out: Outcome, description?: string) {
  if (out.subscribers === false) return;
  out.queued += await enqueueEvent(tx, {
    api: 'troubleTicket',
    eventType,
    resource: () => loadTmfTicket(tx, id, at, ''),
    at,
    title: eventType,
    ...(description ? { description } : {}),
  });
}

/**
 * Tells TMF621 hub subscribers that tickets changed outside the ticket API — a customer handed to
 * another account manager changes its tickets' `relatedParty` accountManager: one
 * TroubleTicketAttributeValueChangeEvent per ticket, in the caller's transaction (delivered after
 * its commit). Reads nothing more when no subscription listens to tickets; otherwise a few statements
 * per 500 tickets (their TMF representations, the subscriptions, the outbox rows), not a round of
 * queries per ticket. Returns the rows queued.
 */
export async function queueTicketAttributeChanges(
  tx: Tx,
  ticketIds: readonly string[],
  at: Date,
  description: string,
): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const [any] = await queryRows<{ listening: boolean }>(
    tx,
    sql`select exists (select 1 from hub_subscriptions where api = 'troubleTicket') as listening`,
  );
  if (!any?.listening) return 0;
  const eventType = 'TroubleTicketAttributeValueChangeEvent';
  let queued = 0;
  // in slices, so that a customer with thousands of tickets is not held in memory at once
  for (let i = 0; i < ticketIds.length; i += TICKETS_PER_EVENT_SLICE) {
    const resources = await loadTmfTickets(tx, ticketIds.slice(i, i + TICKETS_PER_EVENT_SLICE), at, '');
    queued += await enqueueEvents(
      tx,
      'troubleTicket',
      resources.map((resource) => ({ eventType, resource, at, title: eventType, description })),
    );
  }
  return queued;
}

/** Tickets whose events `queueTicketAttributeChanges` builds and queues together. */
const TICKETS_PER_EVENT_SLICE = 500;

const actorId = (actor: Actor) => actor.id;

async function lockOrThrow(tx: Tx, id: string): Promise<TicketRecord> {
  const t = await lockTicket(tx, id);
  if (!t) throw new DomainError('NOT_FOUND', `No ticket ${id}`);
  return t;
}

export type CreateTicketInput = CreateTicketBody & {
  externalId?: string | null | undefined;
  extra?: Record<string, unknown> | undefined;
  notes?: string[] | undefined;
};

/** The desk configuration in force: its number by query, its document from the cache (or the first publish). */
async function deskConfigInForce(
  tx: Executor,
  actor: Actor,
  at: Date,
  version: number | null,
  single: boolean,
): Promise<{ version: number; document: DeskConfig }> {
  const document = version === null ? null : await configOf(tx, version);
  if (version !== null && document) return { version, document };
  if (single) throw NEEDS_TRANSACTION;
  const desk = await ensureDeskConfig(tx, actor, at);
  configs.set(desk.version, desk.document);
  return desk;
}

const DEFAULT_SERVICE_ITEM: Partial<Record<TicketType, string>> = {
  fault: 'circuit_fault',
  complaint: 'complaint_response',
};

/** The scopes of new tickets' customers, one per user (see `createScopeOf`). */
const createScopes = new Map<string, CreateScope>();
const CREATE_SCOPES_MAX = 1_000;

/**
 * Which customers `user` may open a ticket for, as `readCreateContext` batches by it: the condition
 * is a function of the user's id, role and region alone (`customerScopeOver`), so it is made and
 * rendered once per such triple, not at every ticket.
 */
export function createScopeOf(user: ScopedUser): CreateScope {
  const key = `${user.role}\u0000${user.id}\u0000${user.regionCode ?? ''}`;
  let scope = createScopes.get(key);
  if (!scope) {
    if (createScopes.size >= CREATE_SCOPES_MAX) createScopes.clear();
    const visible = customerScopeOver(user, {
      accountManagerId: sql`c.account_manager_id`,
      regionCode: sql`c.region_code`,
    });
    scope = { key, visible };
    createScopes.set(key, scope);
  }
  return scope;
}

/** Thrown by `createTicketTx` in `single` mode when the ticket needs more than one statement. */
const NEEDS_TRANSACTION = Symbol('needs a transaction');
/** Thrown by `createTicketTx` when the kept context it computed from no longer held (nothing written). */
const STALE_CONTEXT = Symbol('stale context');

/**
 * Creates a ticket in the caller's transaction; returns its id, its view and its events.
 * `single`: `tx` is the database itself and the ticket is written by ONE statement (atomic on its
 * own) after the reads — allowed only when nothing else is written with it (no notes, no hub
 * subscription, desk configuration and catalog already published); otherwise it throws
 * NEEDS_TRANSACTION before writing anything, and the caller starts over in a transaction.
 */
export async function createTicketTx(
  tx: Executor,
  calendars: CalendarStore,
  user: ScopedUser,
  actor: Actor,
  input: CreateTicketInput,
  at: Date,
  out: Outcome = { queued: 0 },
  options: { single?: boolean; kept?: boolean } = {},
): Promise<{ id: string; number: string; view: TicketViewFull; events: EventRow[] }> {
  const single = options.single === true;
  const scope = createScopeOf(user);
  const date = shanghaiDate(at);
  // On its own (single): a context read lately for this customer and scope serves without a read
  // (its write checks that it still holds), else the read goes with the others asked at the same
  // moment in one statement.
  const kept =
    single && options.kept !== false && !input.notes?.length
      ? keptCreateContext(tx, scope, input.customerId)
      : null;
  const context = kept
    ? { ...kept, eventId: await takeEventId(tx) }
    : single
      ? await readCreateContext(tx, scope, input.customerId, at, date)
      : await loadCreateContext(tx, scope.visible, input.customerId, at, date);
  const customer = context.customer;
  if (!customer) {
    const message = 'no such customer, or not one you serve';
    throw new DomainError('NOT_FOUND', `No customer ${input.customerId}`, [{ field: 'customerId', message }]);
  }
  if (
    single &&
    (context.hubSubscribers ||
      (input.notes?.length ?? 0) > 0 ||
      context.desk === null ||
      context.catalog === null)
  ) {
    throw NEEDS_TRANSACTION;
  }
  if (!context.hubSubscribers) out.subscribers = false;
  let circuitId: string | null = null;
  let circuitNumber: string | null = null;
  let product = input.product ?? null;
  if (input.circuitId) {
    const circuit = await findCustomerCircuit(tx, customer.id, input.circuitId);
    if (!circuit) {
      const message = 'not a circuit of this customer';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'circuitId', message }]);
    }
    circuitId = circuit.id;
    circuitNumber = circuit.circuitNumber;
    product ??= circuit.product;
  }
  // an order named on the ticket must be one of the customer's (stored by its number)
  let orderRef = input.orderRef ?? null;
  if (orderRef) {
    orderRef = await findCustomerOrderNumber(tx, customer.id, orderRef);
    if (!orderRef) {
      const message = 'not an order of this customer (its number PO-… or id)';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'orderRef', message }]);
    }
  }
  const desk = await deskConfigInForce(tx, actor, at, context.desk, single);
  const route = desk.document.routes.find((r) => r.ticketType === input.ticketType);
  const stage = desk.document.stages.find((s) => s.code === route?.stages[0]);
  if (!stage) {
    throw new DomainError(
      'DESK_CONFIG_INVALID',
      `Desk configuration ${desk.version} has no route for ${input.ticketType}`,
      [{ field: 'ticketType', message: 'no route of stages for this ticket type' }],
    );
  }
  const catalog =
    context.catalog === null ? await ensureCatalogInForce(tx, actor, date) : { version: context.catalog };
  const tier = ticketTierOf(customer);
  const id = randomUUID();
  const createdData = { channel: input.channel, ticketType: input.ticketType, severity: input.severity };
  const sequence = context.eventId;
  const number = formatTicketNumber(at, sequence);
  const serviceItem = input.serviceItem ?? DEFAULT_SERVICE_ITEM[input.ticketType] ?? null;
  const priority = input.priority ?? defaultPriority(tier, input.severity);
  const event = (eventId: number, kind: string, data: Record<string, unknown>): EventRow => ({
    id: eventId,
    at,
    kind,
    status: 'acknowledged',
    stageCode: stage.code,
    departmentCode: stage.departmentCode,
    actorId: actorId(actor),
    actorName: actor.name,
    reason: null,
    data,
  });
  const created = event(sequence, 'created', createdData);
  const events: EventRow[] = [created];
  // The ticket as a read would return it; its clocks come from what is in memory (its history is
  // its creation, and the notes at the same instant), so the row carries their earliest target
  // and breach flag from the start.
  const row: TicketRow = {
    id,
    number,
    customerId: customer.id,
    customerName: customer.name,
    tier,
    tierRank: tierRank(tier),
    regionCode: customer.regionCode,
    accountManagerId: customer.accountManagerId,
    accountManagerName: customer.accountManagerName,
    ticketType: input.ticketType,
    severity: input.severity,
    priority,
    channel: input.channel,
    name: input.name,
    description: input.description,
    status: 'acknowledged',
    statusReason: null,
    statusChangedAt: at,
    stageCode: stage.code,
    departmentCode: stage.departmentCode,
    departmentName: context.departmentNames[stage.departmentCode] ?? null,
    assigneeId: null,
    assigneeName: null,
    circuitId,
    circuitNumber,
    product,
    orderRef,
    serviceItem,
    nextTargetAt: null,
    escalationLevel: 0,
    breached: false,
    deskConfigVersion: desk.version,
    catalogVersion: catalog.version,
    requestedResolutionDate: input.requestedResolutionDate ? new Date(input.requestedResolutionDate) : null,
    expectedResolutionDate: null,
    resolutionDate: null,
    closedAt: null,
    externalId: input.externalId ?? null,
    extra: input.extra ?? {},
    createdBy: actor.name,
    createdAt: at,
    updatedAt: at,
  };
  const clockEvents: ClockEvent[] = [{ at: at.toISOString(), status: 'acknowledged', stageCode: stage.code }];
  for (const _ of input.notes ?? []) clockEvents.push(clockEvents[0]!);
  const clocks = await newTicketClocks(
    tx,
    calendars,
    row,
    desk.document,
    clockEvents,
    customer,
    at,
    context.calendarVersion,
  );
  row.nextTargetAt = clocks.nextTargetAt;
  row.expectedResolutionDate = clocks.expectedResolutionDate;
  row.breached = clocks.breached;
  // One statement: the creation event, the ticket, its clocks and the audit entry — on its own
  // (single), with the tickets created at the same moment (group commit); else in the transaction.
  const atIso = at.toISOString();
  const written = await (single ? writeCreatedTicket : insertCreatedTicket)(tx, {
    check:
      kept && context.customerVersion !== null
        ? {
            customerId: customer.id,
            customerVersion: context.customerVersion,
            at: atIso,
            date,
            desk: desk.version,
            catalog: catalog.version,
            calendarVersion: context.calendarVersion,
          }
        : undefined,
    event: {
      id: sequence,
      ticket_id: id,
      at: atIso,
      kind: 'created',
      status: 'acknowledged',
      stage_code: stage.code,
      department_code: stage.departmentCode,
      actor_id: created.actorId,
      actor_name: actor.name,
      reason: null,
      data: createdData,
    },
    ticket: {
      id,
      number,
      customer_id: customer.id,
      ticket_type: input.ticketType,
      severity: input.severity,
      priority,
      channel: input.channel,
      name: input.name,
      description: input.description,
      status: 'acknowledged',
      status_changed_at: atIso,
      stage_code: stage.code,
      department_code: stage.departmentCode,
      circuit_id: circuitId,
      product,
      order_ref: row.orderRef,
      service_item: serviceItem,
      tier,
      tier_rank: row.tierRank,
      region_code: customer.regionCode,
      account_manager_id: customer.accountManagerId,
      desk_config_version: desk.version,
      catalog_version: catalog.version,
      next_target_at: isoOrNull(row.nextTargetAt),
      expected_resolution_date: isoOrNull(row.expectedResolutionDate),
      breached: row.breached,
      requested_resolution_date: isoOrNull(row.requestedResolutionDate),
      external_id: row.externalId,
      extra: row.extra,
      created_by: actor.name,
      created_at: atIso,
      updated_at: atIso,
    },
    clocks: clocks.values.map(clockJsonRow),
    audit: {
      actor_id: actor.id,
      actor_name: actor.name,
      action: 'create',
      entity: 'ticket',
      entity_id: id,
      before: null,
      after: {
        number,
        customerId: customer.id,
        ticketType: input.ticketType,
        severity: input.severity,
        priority,
        channel: input.channel,
        tier,
        stageCode: stage.code,
        deskConfigVersion: desk.version,
        catalogVersion: catalog.version,
      },
      reason: null,
      request_id: actor.requestId ?? null,
    },
  });
  if (!written) {
    forgetCreateContext(tx, scope, customer.id);
    throw STALE_CONTEXT;
  }
  for (const text of input.notes ?? []) {
    const noteId = await insertEvent(tx, {
      ticketId: id,
      at,
      kind: 'note',
      status: 'acknowledged',
      stageCode: stage.code,
      departmentCode: stage.departmentCode,
      actorId: actorId(actor),
      actorName: actor.name,
      data: { text },
    });
    events.push(event(noteId, 'note', { text }));
  }
  const view = toTicketView(row, at, new Map([[`${desk.version}:${stage.code}`, stage.name]]));
  if (out.subscribers !== false) {
    out.queued += await enqueueEvent(tx as Tx, {
      api: 'troubleTicket',
      eventType: 'TroubleTicketCreateEvent',
      resource: async () => toTmfTicket(view, events, ''),
      at,
      title: 'TroubleTicketCreateEvent',
    });
  }
  return { id, number, view, events };
}

/** POST /api/v1/tickets. */
export async function createTicketFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  input: CreateTicketInput,
): Promise<{ id: string; view: TicketViewFull; events: EventRow[] }> {
  const at = deps.now();
  let out: Outcome = { queued: 0 };
  let created: Awaited<ReturnType<typeof createTicketTx>>;
  try {
    // The common case in one round trip after the reads: one atomic statement, no BEGIN/COMMIT
    // (and no read either when the customer's context was read lately and still holds).
    try {
      created = await createTicketTx(deps.db, deps.calendars, user, actor, input, at, out, { single: true });
    } catch (error) {
      if (error !== STALE_CONTEXT) throw error;
      out = { queued: 0 };
      created = await createTicketTx(deps.db, deps.calendars, user, actor, input, at, out, {
        single: true,
        kept: false,
      });
    }
  } catch (error) {
    if (error !== NEEDS_TRANSACTION) throw error;
    out = { queued: 0 };
    created = await deps.db.transaction((tx) =>
      createTicketTx(tx, deps.calendars, user, actor, input, at, out),
    );
  }
  kickDelivery(deps, out.queued);
  return created;
}

async function applyStatusChange(
  tx: Tx,
  calendars: CalendarStore,
  actor: Actor,
  ticketId: string,
  change: { status: string; reason?: string | null },
  at: Date,
  out: Outcome,
): Promise<void> {
  if (!(TICKET_STATUSES as readonly string[]).includes(change.status)) {
    const message = `one of ${TICKET_STATUSES.join(', ')}`;
    throw new DomainError('VALIDATION_FAILED', `Unknown status ${change.status}`, [
      { field: 'status', message },
    ]);
  }
  const to = change.status as TicketStatus;
  const t = await lockOrThrow(tx, ticketId);
  const from = t.status as TicketStatus;
  const visits = to === 'closed' ? await visitStateOf(tx, ticketId) : undefined;
  const reason = planStatusChange(
    { status: from, ticketType: t.ticketType as TicketType },
    { status: to, reason: change.reason },
    visits,
  );
  await updateTicketRow(tx, ticketId, {
    status: to,
    statusReason: reason,
    statusChangedAt: at,
    updatedAt: at,
    ...(to === 'resolved' ? { resolutionDate: at } : {}),
    ...(to === 'closed' ? { closedAt: at } : {}),
    ...(to === 'reopened' ? { resolutionDate: null, closedAt: null } : {}),
  });
  await insertEvent(tx, {
    ticketId,
    at,
    kind: 'status',
    status: to,
    stageCode: t.stageCode,
    departmentCode: t.departmentCode,
    actorId: actorId(actor),
    actorName: actor.name,
    reason,
    data: { from },
  });
  await syncTicketClocks(tx, calendars, ticketId, at);
  const visitTicket = {
    id: t.id,
    customerId: t.customerId,
    ticketType: t.ticketType,
    regionCode: t.regionCode,
  };
  if (to === 'resolved') await openReturnVisitForTicket(tx, calendars, visitTicket, at, actor);
  if ((to === 'reopened' && from === 'resolved') || to === 'cancelled') {
    await cancelOpenVisitsForTicket(tx, ticketId, at, actor);
  }
  await publish(tx, ticketId, 'TroubleTicketStatusChangeEvent', at, out, `${from} → ${to}`);
  if (to === 'resolved') await publish(tx, ticketId, 'TroubleTicketResolvedEvent', at, out);
  if (to === 'pending')
    await publish(tx, ticketId, 'TroubleTicketInformationRequiredEvent', at, out, reason ?? undefined);
  await writeAudit(tx, actor, {
    action: 'status',
    entity: 'ticket',
    entityId: ticketId,
    before: { status: from },
    after: { status: to },
    reason,
  });
}

/**
 * Changes a ticket's status in the caller's transaction: checks the transition (409
 * ILLEGAL_TRANSITION), appends the event, syncs clocks, opens/cancels return visits, queues hub
 * events and audits. Used by the service routes, TMF621 PATCH and the return-visit outcome.
 * A resolved fault/complaint with an OPEN return visit is not closed here: the visit outcome
 * must mark its visit done first, then call this.
 */
export async function changeTicketStatus(
  tx: Tx,
  calendars: CalendarStore,
  actor: Actor,
  ticketId: string,
  change: { status: string; reason?: string | null },
  at: Date,
): Promise<void> {
  await applyStatusChange(tx, calendars, actor, ticketId, change, at, { queued: 0 });
}

/** Runs `change` on a ticket the caller can see, in one transaction, then kicks delivery. */
async function changeVisible(
  deps: Deps,
  user: ScopedUser,
  id: string,
  change: (tx: Tx, at: Date, out: Outcome) => Promise<void>,
): Promise<void> {
  const out: Outcome = { queued: 0 };
  await deps.db.transaction(async (tx) => {
    await getVisibleRow(tx, user, id);
    await change(tx, deps.now(), out);
  });
  kickDelivery(deps, out.queued);
}

export async function changeStatusFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  change: { status: string; reason?: string | null | undefined },
): Promise<void> {
  await changeVisible(deps, user, id, (tx, at, out) =>
    applyStatusChange(
      tx,
      deps.calendars,
      actor,
      id,
      { status: change.status, reason: change.reason ?? null },
      at,
      out,
    ),
  );
}

/** Hands the ticket to a stage of its route (default: the next one). */
async function applyStageChange(
  tx: Tx,
  calendars: CalendarStore,
  actor: Actor,
  id: string,
  input: { stageCode?: string | undefined; reason?: string | null | undefined },
  at: Date,
  out: Outcome,
): Promise<void> {
  const t = await lockOrThrow(tx, id);
  if (!isOpenStatus(t.status as TicketStatus)) {
    const message = `A ${t.status} ticket is not handed over`;
    throw new DomainError('ILLEGAL_TRANSITION', message, [{ field: 'stageCode', message }], {
      from: t.stageCode,
      ticketStatus: t.status, // not `status`: that is the problem's HTTP status
    });
  }
  const config = await configOf(tx, t.deskConfigVersion);
  const route = config?.routes.find((r) => r.ticketType === t.ticketType)?.stages ?? [];
  let target = input.stageCode;
  if (!target) {
    const at_ = route.indexOf(t.stageCode);
    target = route[at_ + 1];
    if (!target) {
      const message = `${t.stageCode} is the last stage of the ${t.ticketType} route`;
      throw new DomainError('ILLEGAL_TRANSITION', message, [{ field: 'stageCode', message }], {
        from: t.stageCode,
        allowed: route.filter((s) => s !== t.stageCode),
      });
    }
  }
  if (!route.includes(target)) {
    const message = `not a stage of the ${t.ticketType} route (${route.join(', ')})`;
    throw new DomainError('VALIDATION_FAILED', `Unknown stage ${target}`, [{ field: 'stageCode', message }]);
  }
  if (target === t.stageCode) {
    const message = `the ticket is already at ${target}`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'stageCode', message }]);
  }
  const stage = config!.stages.find((s) => s.code === target)!;
  const reason = input.reason?.trim() || null;
  await updateTicketRow(tx, id, {
    stageCode: stage.code,
    departmentCode: stage.departmentCode,
    assigneeId: null,
    updatedAt: at,
  });
  await insertEvent(tx, {
    ticketId: id,
    at,
    kind: 'stage',
    status: t.status,
    stageCode: stage.code,
    departmentCode: stage.departmentCode,
    actorId: actorId(actor),
    actorName: actor.name,
    reason,
    data: { from: t.stageCode, fromDepartment: t.departmentCode, previousAssigneeId: t.assigneeId },
  });
  await syncTicketClocks(tx, calendars, id, at);
  await publish(
    tx,
    id,
    'TroubleTicketAttributeValueChangeEvent',
    at,
    out,
    `stage ${t.stageCode} → ${stage.code}`,
  );
  await writeAudit(tx, actor, {
    action: 'stage',
    entity: 'ticket',
    entityId: id,
    before: { stageCode: t.stageCode, departmentCode: t.departmentCode, assigneeId: t.assigneeId },
    after: { stageCode: stage.code, departmentCode: stage.departmentCode, assigneeId: null },
    reason,
  });
}

export async function changeStageFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  input: { stageCode?: string | undefined; reason?: string | null | undefined },
): Promise<void> {
  await changeVisible(deps, user, id, (tx, at, out) =>
    applyStageChange(tx, deps.calendars, actor, id, input, at, out),
  );
}

async function applyAssign(
  tx: Tx,
  calendars: CalendarStore,
  actor: Actor,
  id: string,
  assigneeId: string | null,
  at: Date,
  out: Outcome,
): Promise<void> {
  const t = await lockOrThrow(tx, id);
  if (['closed', 'cancelled', 'rejected'].includes(t.status)) {
    const message = `A ${t.status} ticket is not assigned`;
    throw new DomainError('ILLEGAL_TRANSITION', message, [{ field: 'assigneeId', message }]);
  }
  let assigneeName: string | null = null;
  if (assigneeId !== null) {
    const person = await findActiveUser(tx, assigneeId);
    if (!person) {
      const message = 'not an active user';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'assigneeId', message }]);
    }
    assigneeName = person.displayName;
  }
  if (t.assigneeId === assigneeId) return;
  await updateTicketRow(tx, id, { assigneeId, updatedAt: at });
  await insertEvent(tx, {
    ticketId: id,
    at,
    kind: 'assign',
    status: t.status,
    stageCode: t.stageCode,
    departmentCode: t.departmentCode,
    actorId: actorId(actor),
    actorName: actor.name,
    data: { from: t.assigneeId, to: assigneeId, assigneeName },
  });
  await syncTicketClocks(tx, calendars, id, at);
  await publish(tx, id, 'TroubleTicketAttributeValueChangeEvent', at, out, 'assignee');
  await writeAudit(tx, actor, {
    action: 'assign',
    entity: 'ticket',
    entityId: id,
    before: { assigneeId: t.assigneeId },
    after: { assigneeId },
  });
}

export async function assignFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  assigneeId: string | null,
): Promise<void> {
  await changeVisible(deps, user, id, (tx, at, out) =>
    applyAssign(tx, deps.calendars, actor, id, assigneeId, at, out),
  );
}

/** Assigns a ticket in the caller's transaction (no scope check: the caller's job; demo, jobs). */
export async function assignTicket(
  tx: Tx,
  calendars: CalendarStore,
  actor: Actor,
  id: string,
  assigneeId: string | null,
  at: Date,
): Promise<void> {
  await applyAssign(tx, calendars, actor, id, assigneeId, at, { queued: 0 });
}

/** Hands a ticket to a stage of its route in the caller's transaction (no scope check; demo, jobs). */
export async function changeTicketStage(
  tx: Tx,
  calendars: CalendarStore,
  actor: Actor,
  id: string,
  input: { stageCode?: string | undefined; reason?: string | null | undefined },
  at: Date,
): Promise<void> {
  await applyStageChange(tx, calendars, actor, id, input, at, { queued: 0 });
}

async function applyNote(tx: Tx, actor: Actor, id: string, text: string, at: Date) {
  const t = await lockOrThrow(tx, id);
  const eventId = await insertEvent(tx, {
    ticketId: id,
    at,
    kind: 'note',
    status: t.status,
    stageCode: t.stageCode,
    departmentCode: t.departmentCode,
    actorId: actorId(actor),
    actorName: actor.name,
    data: { text },
  });
  await updateTicketRow(tx, id, { updatedAt: at });
  await writeAudit(tx, actor, { action: 'note', entity: 'ticket', entityId: id, after: { eventId, text } });
}

export async function addNoteFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  text: string,
): Promise<void> {
  await changeVisible(deps, user, id, async (tx, at, out) => {
    await applyNote(tx, actor, id, text, at);
    await syncTicketClocks(tx, deps.calendars, id, at);
    await publish(tx, id, 'TroubleTicketAttributeValueChangeEvent', at, out, 'note');
  });
}

export type AttributeChanges = Partial<TicketAttributes>;

/**
 * A TMF621 PATCH (or the desk's severity change) in one transaction: attributes, then appended
 * notes, then the status change (validated by the lifecycle). A new severity sets the default
 * priority and recomputes the SLA limits (`planAttributeChange`); `reason` is recorded with the
 * attribute change. Events: AttributeValueChange for attributes/notes, plus those of the status change.
 */
export async function patchTicketFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  patch: {
    attributes: AttributeChanges;
    notes: string[];
    status?: { status: string; reason: string | null };
    reason?: string | null | undefined;
  },
): Promise<void> {
  await changeVisible(deps, user, id, async (tx, at, out) => {
    const t = await lockOrThrow(tx, id);
    const plan = planAttributeChange(
      {
        status: t.status as TicketStatus,
        tier: t.tier,
        name: t.name,
        description: t.description,
        severity: t.severity as Severity,
        priority: t.priority,
        requestedResolutionDate: t.requestedResolutionDate?.toISOString() ?? null,
      },
      patch.attributes,
    );
    const { before, after } = plan;
    const reason = patch.reason?.trim() || null;
    const changed = Object.keys(after).length > 0;
    if (changed) {
      const { requestedResolutionDate, ...rest } = after;
      await updateTicketRow(tx, id, {
        ...rest,
        ...(requestedResolutionDate !== undefined
          ? { requestedResolutionDate: requestedResolutionDate ? new Date(requestedResolutionDate) : null }
          : {}),
        updatedAt: at,
      });
      await insertEvent(tx, {
        ticketId: id,
        at,
        kind: 'attribute',
        status: t.status,
        stageCode: t.stageCode,
        departmentCode: t.departmentCode,
        actorId: actorId(actor),
        actorName: actor.name,
        reason,
        data: { before, after },
      });
    }
    for (const text of patch.notes) await applyNote(tx, actor, id, text, at);
    if (changed || patch.notes.length > 0) {
      // a new severity changes the limits: recomputed from the history, not the stored ones
      await syncTicketClocks(tx, deps.calendars, id, at, { recomputeLimits: plan.recomputeLimits });
      await publish(
        tx,
        id,
        'TroubleTicketAttributeValueChangeEvent',
        at,
        out,
        Object.keys(after)
          .concat(patch.notes.length > 0 ? ['note'] : [])
          .join(', '),
      );
    }
    if (changed) {
      await writeAudit(tx, actor, {
        action: 'update',
        entity: 'ticket',
        entityId: id,
        before,
        after: plan.recomputeLimits ? { ...after, clocks: await limitsOf(tx, id) } : after,
        reason,
      });
    }
    // a PATCH that restates the current status (a client sending the whole ticket back) is no change
    if (patch.status && patch.status.status !== t.status) {
      await applyStatusChange(tx, deps.calendars, actor, id, patch.status, at, out);
    }
  });
}

/** The limits of a ticket's current clocks, for the audit of a change that recomputed them. */
async function limitsOf(ex: Executor, id: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ code: string; limitMinutes: number }>(
    ex,
    sql`select distinct on (definition_code) definition_code as code, limit_minutes as "limitMinutes"
      from sla_instances where ticket_id = ${id}::uuid order by definition_code, cycle desc`,
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.limitMinutes]));
}

/** Note ids of a ticket (a TMF PATCH's `note` keeps these, appends the rest). */
export async function noteIdsOf(deps: Deps, id: string): Promise<Set<string>> {
  const events = await listEvents(deps.db, id, ['note']);
  return new Set(events.map((e) => String(e.id)));
}
