/**
 * Return visits (回访, PRODUCT.md §7, issue 5 item 5): a resolved fault (or complaint) opens a visit
 * due within 3 days, an activation one within a week, each assigned to the customer's one visitor;
 * the outcome closes the ticket (satisfied), reopens it and opens a follow-up task for the account
 * manager (dissatisfied), or leaves it resolved (unreachable). Visits stay in the customer file;
 * coverage is reported per month by region or visitor. Every change is audited.
 *
 * Scope: a visit agent sees the visits it owns, a kam_manager its region tree, an account manager
 * its customers', admin/analyst/auditor everything.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor, Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { chooseVisitor, routeFollowUp } from '../../domain/visits/visitor.ts';
import {
  computeVisitDueAt,
  DEFAULT_VISIT_LIMITS,
  isVisitOverdue,
  planVisitOutcome,
  type VisitKind,
  type VisitOutcome,
  type VisitStatus,
  visitKindForTicket,
} from '../../domain/visits/visits.ts';
import type { CalendarStore } from '../calendar/calendar.service.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { notify } from '../notifications/notifications.service.ts';
import { changeTicketStatus } from '../tickets/tickets.service.ts';
import {
  cancelOpenVisits,
  findActiveUser,
  findCustomerForFollowUp,
  findCustomerVisitor,
  findOpenVisitOfTicket,
  findTicketForVisit,
  findVisit,
  findVisitLimits,
  insertFollowUpTask,
  insertVisit,
  listManagers,
  listRegionNodes,
  listVisitorCandidates,
  listVisits,
  lockVisit,
  moveOpenVisits,
  recordOutcome,
  upsertCustomerVisitor,
  type VisitFilter,
  type VisitRow,
} from './visits.repo.ts';

export type VisitTicket = { id: string; customerId: string; ticketType: string; regionCode: string };

export type VisitView = {
  id: string;
  kind: string;
  customerId: string;
  customerName: string;
  tier: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  orderRef: string | null;
  /** Null: unassigned — no active visit agent existed when it was opened (admins and kam_managers were told). */
  visitorId: string | null;
  visitorName: string | null;
  regionCode: string;
  dueAt: string;
  status: VisitStatus;
  outcome: VisitOutcome | null;
  score: number | null;
  note: string | null;
  contactName: string | null;
  doneAt: string | null;
  doneBy: string | null;
  overdue: boolean;
  followUpTaskId: number | null;
};

export function toVisitView(row: VisitRow, now: Date): VisitView {
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customerId,
    customerName: row.customerName,
    tier: row.tier,
    ticketId: row.ticketId,
    ticketNumber: row.ticketNumber,
    orderRef: row.orderRef,
    visitorId: row.visitorId,
    visitorName: row.visitorName,
    regionCode: row.regionCode,
    dueAt: row.dueAt.toISOString(),
    status: row.status as VisitStatus,
    outcome: row.outcome as VisitOutcome | null,
    score: row.score,
    note: row.note,
    contactName: row.contactName,
    doneAt: row.doneAt?.toISOString() ?? null,
    doneBy: row.doneBy,
    overdue: isVisitOverdue(row, now),
    followUpTaskId: row.followUpTaskId,
  };
}

/**
 * Visits `user` may read, as SQL over `v` (return_visits); `customer` is the customer's account
 * manager column (`customerAm`: the joined `c.account_manager_id`, or a subquery where no join is made).
 */
export function visitScope(user: ScopedUser, customerAm: SQL = sql`c.account_manager_id`): SQL {
  if (user.role === 'visit_agent') return sql`v.visitor_id = ${user.id}::uuid`;
  return customerScopeOver(user, { accountManagerId: customerAm, regionCode: sql`v.region_code` });
}

// ---------------------------------------------------------------- opening and cancelling

/**
 * The customer's one visitor: the assigned one while it is an active visit agent, else chosen
 * (region, nearest region above, fewest open visits) and recorded as the customer's visitor —
 * replacing one deactivated (or no longer a visit agent), whose open visits of the customer move
 * to the new one. Audited. Null when there is no active visit agent at all.
 */
export async function ensureCustomerVisitor(
  tx: Tx,
  customerId: string,
  regionCode: string,
  at: Date,
  actor: Actor,
): Promise<string | null> {
  const assigned = await findCustomerVisitor(tx, customerId);
  if (assigned && (await findActiveUser(tx, assigned))?.role === 'visit_agent') return assigned;
  // none yet, or one no longer an active visit agent: it is not among the candidates
  const chosen = chooseVisitor(
    assigned,
    await listVisitorCandidates(tx),
    regionCode,
    await listRegionNodes(tx),
  );
  if (!chosen) return null;
  await upsertCustomerVisitor(tx, { customerId, visitorId: chosen, at, by: actor.name });
  // The open visits go along: those of a replaced visitor, and any left unassigned for want of one.
  const movedVisits = await moveOpenVisits(tx, customerId, chosen);
  await writeAudit(tx, actor, {
    action: 'assign',
    entity: 'customerVisitor',
    entityId: customerId,
    ...(assigned ? { before: { visitorId: assigned } } : {}),
    after: { visitorId: chosen, ...(assigned || movedVisits > 0 ? { movedVisits } : {}) },
    reason: assigned
      ? 'the visitor is no longer an active visit agent: another chosen by region and load'
      : 'first return visit: chosen by region and load',
  });
  return chosen;
}

async function openVisit(
  tx: Tx,
  input: {
    kind: VisitKind;
    customerId: string;
    regionCode: string;
    ticketId: string | null;
    orderRef: string | null;
    deskConfigVersion: number | null;
  },
  at: Date,
  actor: Actor,
): Promise<string> {
  const visitorId = await ensureCustomerVisitor(tx, input.customerId, input.regionCode, at, actor);
  const limits =
    (await findVisitLimits(tx, { version: input.deskConfigVersion, at })) ?? DEFAULT_VISIT_LIMITS;
  const dueAt = computeVisitDueAt(input.kind, at, { ...DEFAULT_VISIT_LIMITS, ...limits });
  const id = await insertVisit(tx, {
    customerId: input.customerId,
    kind: input.kind,
    ticketId: input.ticketId,
    orderRef: input.orderRef,
    visitorId,
    regionCode: input.regionCode,
    dueAt,
    createdAt: at,
  });
  await writeAudit(tx, actor, {
    action: 'open',
    entity: 'returnVisit',
    entityId: id,
    after: {
      kind: input.kind,
      customerId: input.customerId,
      ticketId: input.ticketId,
      orderRef: input.orderRef,
      visitorId,
      dueAt: dueAt.toISOString(),
    },
    // Kept (and counted as due in the coverage) rather than skipped: someone must still make it.
    ...(visitorId ? {} : { reason: 'no active visit agent: unassigned, admins and kam_managers told' }),
  });
  if (!visitorId) await notifyUnassignedVisit(tx, { id, ...input, dueAt }, at);
  return id;
}

const VISIT_KIND_NAMES: Record<VisitKind, string> = {
  fault_repair: '故障修复',
  activation: '业务开通',
  complaint: '投诉处理',
};

/**
 * A visit opened without a visitor (no active visit agent anywhere): the admins and the
 * kam_manager(s) of the customer's region tree are told at once, to appoint a visitor
 * (`PUT /customers/:id/visitor` moves the visit to it) or add a visit agent.
 */
async function notifyUnassignedVisit(
  tx: Tx,
  visit: {
    id: string;
    kind: VisitKind;
    customerId: string;
    regionCode: string;
    ticketId: string | null;
    orderRef: string | null;
    dueAt: Date;
  },
  at: Date,
): Promise<void> {
  const customer = await findCustomerForFollowUp(tx, visit.customerId);
  const parentOf = new Map((await listRegionNodes(tx)).map((r) => [r.code, r.parentCode]));
  const tree = new Set<string>();
  for (let r: string | null = visit.regionCode; r !== null && !tree.has(r); r = parentOf.get(r) ?? null)
    tree.add(r);
  const recipients = (await listManagers(tx)).filter(
    (u) => u.role === 'admin' || u.regionCode === null || tree.has(u.regionCode),
  );
  const name = customer?.name ?? visit.customerId;
  const what = visit.ticketId ? '工单' : visit.orderRef ? `订单 ${visit.orderRef}` : '';
  await notify(
    tx,
    recipients.map((u) => ({
      userId: u.id,
      kind: 'visit_unassigned',
      title: `回访无人可派:${name}`,
      body: `${name} 的${VISIT_KIND_NAMES[visit.kind]}回访${what ? `(${what})` : ''}应于 ${visit.dueAt.toISOString()} 前完成,但没有在岗的回访专员;请指定回访员或增加回访专员。`,
      entity: visit.ticketId ? 'ticket' : 'returnVisit',
      entityId: visit.ticketId ?? visit.id,
      data: {
        visitId: visit.id,
        kind: visit.kind,
        customerId: visit.customerId,
        ticketId: visit.ticketId,
        orderRef: visit.orderRef,
        dueAt: visit.dueAt.toISOString(),
      },
    })),
    at,
  );
}

/**
 * Called by the ticket service in its transaction when a ticket becomes `resolved`: a fault opens
 * a return visit due within 3 days (a complaint too), assigned to the customer's one visitor.
 * Returns the visit id, or null when the ticket type needs no visit. With no active visit agent at
 * all the visit is still opened, unassigned, and the admins and kam_managers are told.
 * Idempotent per open visit.
 */
export async function openReturnVisitForTicket(
  tx: Tx,
  _calendars: CalendarStore,
  ticket: VisitTicket,
  at: Date,
  actor: Actor,
): Promise<string | null> {
  const kind = visitKindForTicket(ticket.ticketType);
  if (!kind) return null;
  const existing = await findOpenVisitOfTicket(tx, ticket.id);
  if (existing) return existing;
  const row = await findTicketForVisit(tx, ticket.id);
  return openVisit(
    tx,
    {
      kind,
      customerId: ticket.customerId,
      regionCode: ticket.regionCode,
      ticketId: ticket.id,
      orderRef: null,
      deskConfigVersion: row?.deskConfigVersion ?? null,
    },
    at,
    actor,
  );
}

/**
 * An activation (issue 6's orders) opens a return visit due within a week (unassigned, with the
 * admins and kam_managers told, when no visit agent exists). Idempotent per open visit of the order.
 */
export async function openActivationVisit(
  tx: Tx,
  input: { customerId: string; orderRef: string; regionCode: string },
  at: Date,
  actor: Actor,
): Promise<string> {
  const [existing] = (
    (await tx.execute(sql`select id from return_visits where customer_id = ${input.customerId}::uuid
      and kind = 'activation' and order_ref = ${input.orderRef} and status = 'open'`)) as unknown as {
      rows: { id: string }[];
    }
  ).rows;
  if (existing) return existing.id;
  return openVisit(tx, { kind: 'activation', ...input, ticketId: null, deskConfigVersion: null }, at, actor);
}

/** Cancels the open visits of a ticket that was reopened or cancelled by other means. */
export async function cancelOpenVisitsForTicket(
  tx: Tx,
  ticketId: string,
  at: Date,
  actor: Actor,
): Promise<number> {
  const ids = await cancelOpenVisits(tx, ticketId);
  for (const id of ids) {
    await writeAudit(tx, actor, {
      action: 'cancel',
      entity: 'returnVisit',
      entityId: id,
      before: { status: 'open' },
      after: { status: 'cancelled', at: at.toISOString() },
      reason: 'the ticket left resolved',
    });
  }
  return ids.length;
}

// ---------------------------------------------------------------- reads

export type VisitQuery = {
  mine?: boolean | undefined;
  status?: string | undefined;
  overdue?: boolean | undefined;
  customerId?: string | undefined;
  limit: number;
  offset: number;
};

export async function listVisitsFor(
  deps: Deps,
  user: ScopedUser,
  q: VisitQuery,
): Promise<{ total: number; items: VisitView[] }> {
  const now = deps.now();
  const filter: VisitFilter = {
    visitorId: q.mine ? user.id : undefined,
    status: q.overdue ? 'open' : q.status,
    overdueAt: q.overdue ? now : undefined,
    customerId: q.customerId,
  };
  const page = await listVisits(deps.db, visitScope(user), filter, q);
  return { total: page.total, items: page.items.map((r) => toVisitView(r, now)) };
}

export async function getVisit(deps: Deps, user: ScopedUser, id: string): Promise<VisitView> {
  const row = await findVisit(deps.db, visitScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No visit ${id}`);
  return toVisitView(row, deps.now());
}

/** The visits of one customer, latest due first (404 when the customer is out of scope). */
export async function listCustomerVisits(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<VisitView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  const now = deps.now();
  const page = await listVisits(deps.db, sql`true`, { customerId }, { limit: 500, offset: 0 }, 'desc');
  return page.items.map((r) => toVisitView(r, now));
}

/** The visits of a ticket, for the ticket detail (the caller has checked the ticket is readable). */
export async function listTicketVisits(ex: Executor, ticketId: string, now: Date): Promise<VisitView[]> {
  const page = await listVisits(ex, sql`true`, { ticketId }, { limit: 100, offset: 0 });
  return page.items.map((r) => toVisitView(r, now));
}

// ---------------------------------------------------------------- outcome

export type OutcomeInput = {
  outcome: VisitOutcome;
  score?: number | undefined;
  note: string;
  contactName?: string | undefined;
};

/**
 * Records a visit's outcome (the visit's visitor, or an admin): satisfied closes the resolved
 * ticket, dissatisfied reopens it and opens the account manager's follow-up task (due the next
 * working day) with a notification, unreachable leaves the ticket resolved. 409 VISIT_CLOSED on a
 * second outcome.
 */
export async function recordVisitOutcome(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  input: OutcomeInput,
): Promise<VisitView> {
  await deps.db.transaction((tx) =>
    recordVisitOutcomeTx(tx, deps.calendars, user, actor, id, input, deps.now()),
  );
  const row = await findVisit(deps.db, sql`true`, id);
  return toVisitView(row!, deps.now());
}

/** The outcome in the caller's transaction, at `at` (the demo backdates it). */
export async function recordVisitOutcomeTx(
  tx: Tx,
  calendars: CalendarStore,
  user: Pick<ScopedUser, 'id' | 'role'>,
  actor: Actor,
  id: string,
  input: OutcomeInput,
  at: Date,
): Promise<void> {
  const visit = await lockVisit(tx, id);
  if (!visit) throw new DomainError('NOT_FOUND', `No visit ${id}`);
  if (user.role !== 'admin' && visit.visitorId !== user.id) {
    throw new DomainError('FORBIDDEN', 'Only the visit’s visitor (or an admin) records its outcome');
  }
  const ticket = visit.ticketId ? await findTicketForVisit(tx, visit.ticketId) : null;
  const customer = await findCustomerForFollowUp(tx, visit.customerId);
  if (!customer) throw new DomainError('NOT_FOUND', `No customer ${visit.customerId}`);
  const calendar = await calendars.get(tx, customer.regionCode);
  const plan = planVisitOutcome(visit, ticket?.status ?? null, input.outcome, calendar, at);
  // The account manager follows up; a customer without one goes to its region's kam_manager(s).
  const routing = plan.followUp
    ? routeFollowUp(
        customer.accountManagerId,
        customer.accountManagerId ? [] : await listManagers(tx),
        customer.regionCode,
        customer.accountManagerId ? [] : await listRegionNodes(tx),
      )
    : null;
  let followUpTaskId: number | null = null;
  if (plan.followUp && routing) {
    const catalog = await ensureCatalogInForce(tx, actor, plan.followUp.startDate);
    followUpTaskId = await insertFollowUpTask(tx, {
      customerId: customer.id,
      level: customer.level,
      catalogVersion: catalog.version,
      occurrenceKey: `visit:${id}`,
      ownerId: routing.ownerId,
      regionCode: customer.regionCode,
      month: plan.followUp.month,
      startDate: plan.followUp.startDate,
      dueDate: plan.followUp.dueDate,
      // Never provisional: the tasks module re-dates provisional tasks by their catalog schedule on a
      // calendar import, and this task has none (a next-working-day estimate past the horizon stays).
      provisional: false,
      at,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'task',
      entityId: String(followUpTaskId),
      after: {
        actionCode: 'visit_follow_up',
        customerId: customer.id,
        ownerId: routing.ownerId,
        routedTo: routing.routedTo,
        dueDate: plan.followUp.dueDate,
        visitId: id,
      },
      reason:
        routing.routedTo === 'account_manager'
          ? 'return visit: dissatisfied'
          : `return visit: dissatisfied; the customer has no account manager: to the ${routing.routedTo} of its region`,
    });
  }
  const outcome = {
    outcome: plan.outcome,
    score: input.score ?? null,
    note: input.note,
    contactName: input.contactName ?? null,
    doneAt: at,
    doneBy: actor.name,
    followUpTaskId,
  };
  // The visit is done before the ticket moves: closing then finds no open visit, and a reopen
  // cancels none.
  await recordOutcome(tx, id, outcome);
  await writeAudit(tx, actor, {
    action: 'outcome',
    entity: 'returnVisit',
    entityId: id,
    before: { status: 'open' },
    after: { status: 'done', ...outcome, doneAt: at.toISOString(), ticketChange: plan.ticketChange },
  });
  if (plan.ticketChange && visit.ticketId) {
    await changeTicketStatus(tx, calendars, actor, visit.ticketId, plan.ticketChange, at);
  }
  if (plan.outcome === 'dissatisfied' && routing) {
    const what = ticket
      ? `工单 ${ticket.number} 回访不满意${plan.ticketChange ? ',已重新打开' : ''}`
      : '开通回访不满意';
    const noAm = routing.routedTo === 'account_manager' ? '' : '(该客户没有客户经理,由您跟进)';
    await notify(
      tx,
      routing.notify.map((userId) => ({
        userId,
        kind: 'visit_dissatisfied',
        title: `回访不满意:${customer.name}`,
        body: `${what}${noAm};请于 ${plan.followUp?.dueDate ?? ''} 前跟进客户(客户等级 ${customer.level})。回访记录:${input.note}`,
        entity: visit.ticketId ? 'ticket' : 'returnVisit',
        entityId: visit.ticketId ?? id,
        data: {
          visitId: id,
          ticketId: visit.ticketId,
          ticketNumber: ticket?.number ?? null,
          customerId: customer.id,
          customerName: customer.name,
          tier: customer.level,
          followUpTaskId,
          dueDate: plan.followUp?.dueDate ?? null,
          routedTo: routing.routedTo,
        },
      })),
      at,
    );
  }
}
