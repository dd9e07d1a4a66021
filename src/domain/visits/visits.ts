/**
 * Return visits (回访, PRODUCT.md §7, issue 5 item 5): when a visit falls due, and what its
 * outcome does to the ticket and the account manager. Pure: instants, the desk config's visit
 * limits and the working-day calendar are passed in.
 */
import { addWorkdays, type WorkCalendar } from '../calendar/calendar.ts';
import { DAY_MS, fromDayNumber, shanghaiDayNumberOf } from '../calendar/dates.ts';
import { DomainError } from '../errors.ts';

export const VISIT_KINDS = ['fault_repair', 'activation', 'complaint'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const VISIT_STATUSES = ['open', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const VISIT_OUTCOMES = ['satisfied', 'dissatisfied', 'unreachable'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** The desk config's `visits` section: limits in calendar days. */
export type VisitLimits = { faultRepairDays: number; activationDays: number; complaintDays: number };

/** The shipped limits (faults and complaints within 3 days, activations within a week). */
export const DEFAULT_VISIT_LIMITS: VisitLimits = { faultRepairDays: 3, activationDays: 7, complaintDays: 3 };

/**
 * The kind of return visit a resolved ticket opens: a fault → `fault_repair`, a complaint →
 * `complaint`; inquiries and requests need none (null).
 *
 * @example
 * visitKindForTicket('fault'); // 'fault_repair'
 * visitKindForTicket('inquiry'); // null
 */
export function visitKindForTicket(ticketType: string): VisitKind | null {
  if (ticketType === 'fault') return 'fault_repair';
  if (ticketType === 'complaint') return 'complaint';
  return null;
}

/**
 * The instant a visit falls due: the limit of its kind in calendar days after `from` (the
 * resolution or activation instant), to the minute (PRODUCT.md §7: 故障修复后3天内回访, 开通后一周内回访).
 *
 * @example
 * computeVisitDueAt('fault_repair', new Date('2026-03-02T02:00:00Z'), DEFAULT_VISIT_LIMITS);
 * // 2026-03-05T02:00:00.000Z
 */
export function computeVisitDueAt(kind: VisitKind, from: Date, limits: VisitLimits): Date {
  const days =
    kind === 'fault_repair'
      ? limits.faultRepairDays
      : kind === 'activation'
        ? limits.activationDays
        : limits.complaintDays;
  return new Date(from.getTime() + days * DAY_MS);
}

/**
 * Whether an open visit is past its due instant at `now`.
 *
 * @example
 * isVisitOverdue({ status: 'open', dueAt: new Date('2026-03-05T00:00:00Z') }, new Date('2026-03-06T00:00:00Z')); // true
 */
export function isVisitOverdue(visit: { status: string; dueAt: Date }, now: Date): boolean {
  return visit.status === 'open' && visit.dueAt.getTime() < now.getTime();
}

/** Throws VISIT_CLOSED (409) unless the visit is still open. */
export function assertVisitOpen(visit: { id: string; status: string }): void {
  if (visit.status !== 'open') {
    throw new DomainError('VISIT_CLOSED', `Visit ${visit.id} is already ${visit.status}`, [
      { field: 'outcome', message: `the visit is ${visit.status}` },
    ]);
  }
}

export type OutcomePlan = {
  outcome: VisitOutcome;
  /** The ticket status change the outcome makes, or null when the ticket stays as it is. */
  ticketChange: { status: 'closed' | 'reopened'; reason: string } | null;
  /** The account manager's follow-up task (dissatisfied only): Shanghai days. */
  followUp: { startDate: string; dueDate: string; month: string; provisional: boolean } | null;
};

/**
 * What a visit outcome does (PRODUCT.md §7 回访): satisfied closes the resolved ticket;
 * dissatisfied reopens it (a resolved or closed ticket) and at once opens a follow-up task for the
 * account manager, due the next working day of `calendar`; unreachable leaves the ticket resolved
 * (the front desk may close it by hand with a reason). A ticket in any other status is not touched.
 * Throws VISIT_CLOSED when the visit is not open.
 *
 * @example
 * planVisitOutcome({ id: 'v', status: 'open' }, 'resolved', 'dissatisfied', cal, new Date('2026-03-06T02:00:00Z'));
 * // { outcome: 'dissatisfied', ticketChange: { status: 'reopened', … },
 * //   followUp: { startDate: '2026-03-06', dueDate: '2026-03-09', month: '2026-03', provisional: false } }
 */
export function planVisitOutcome(
  visit: { id: string; status: string },
  ticketStatus: string | null,
  outcome: VisitOutcome,
  calendar: WorkCalendar,
  at: Date,
): OutcomePlan {
  assertVisitOpen(visit);
  if (outcome === 'satisfied') {
    return {
      outcome,
      ticketChange:
        ticketStatus === 'resolved'
          ? { status: 'closed', reason: '回访满意 (return visit: satisfied)' }
          : null,
      followUp: null,
    };
  }
  if (outcome === 'unreachable') return { outcome, ticketChange: null, followUp: null };
  const today = fromDayNumber(shanghaiDayNumberOf(at.getTime()));
  const due = addWorkdays(calendar, today, 1);
  return {
    outcome,
    ticketChange:
      ticketStatus === 'resolved' || ticketStatus === 'closed'
        ? { status: 'reopened', reason: '回访不满意 (return visit: dissatisfied)' }
        : null,
    followUp: { startDate: today, dueDate: due.date, month: today.slice(0, 7), provisional: due.provisional },
  };
}
