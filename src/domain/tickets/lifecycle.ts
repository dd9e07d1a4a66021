/**
 * The trouble-ticket lifecycle (PRODUCT.md §7, TMF621 v5 statuses plus MEF's `reopened`): which
 * status may follow which, which changes need a reason, and the return-visit rule for closing a
 * resolved fault or complaint. Pure: the caller passes the ticket and what it knows of its visits.
 */
import type { TicketStatus, TicketType } from '../desk/config.ts';
import { DomainError } from '../errors.ts';

/** Allowed next statuses; `rejected` and `cancelled` are terminal. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  acknowledged: ['inProgress', 'pending', 'held', 'rejected', 'cancelled', 'resolved'],
  inProgress: ['pending', 'held', 'resolved', 'cancelled'],
  pending: ['inProgress', 'held', 'resolved', 'cancelled'],
  held: ['inProgress', 'pending', 'resolved', 'cancelled'],
  reopened: ['inProgress', 'pending', 'held', 'resolved', 'cancelled'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  rejected: [],
  cancelled: [],
};

/** Statuses that need a reason (why it was rejected, cancelled, held, pending or reopened). */
export const REASON_REQUIRED: ReadonlySet<TicketStatus> = new Set([
  'rejected',
  'cancelled',
  'held',
  'pending',
  'reopened',
]);

/** Statuses in which no more work is expected (the board and "open" leave them out). */
export const FINISHED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled', 'rejected'];

/**
 * Whether work on a ticket in `status` is still expected.
 *
 * @example
 * isOpenStatus('pending'); // true
 * isOpenStatus('resolved'); // false
 */
export function isOpenStatus(status: TicketStatus): boolean {
  return !FINISHED_STATUSES.includes(status);
}

/**
 * The statuses a ticket may move to from `status`.
 *
 * @example
 * allowedTransitions('closed'); // ['reopened']
 * allowedTransitions('cancelled'); // []
 */
export function allowedTransitions(status: TicketStatus): TicketStatus[] {
  return [...(TRANSITIONS[status] ?? [])];
}

/** What the ticket's return visits say, for the closing rule. */
export type VisitState = {
  /** An open return visit exists for the ticket. */
  openVisit: boolean;
  /** The outcome of the latest finished visit, if any. */
  lastOutcome: 'satisfied' | 'dissatisfied' | 'unreachable' | null;
};

export type StatusChangeInput = { status: TicketStatus; reason?: string | null | undefined };

const NO_VISITS: VisitState = { openVisit: false, lastOutcome: null };

/**
 * Checks a status change (PRODUCT.md §7) and returns the reason to record (trimmed, or null).
 * Throws ILLEGAL_TRANSITION (409, field `status`, details from/to/allowed) when the lifecycle does
 * not allow it or when a resolved fault/complaint still waits for its open return visit (the visit
 * outcome closes it); VALIDATION_FAILED (field `reason`) when a reason is required and missing —
 * also for closing after an `unreachable` visit, which the front desk may do with a reason.
 *
 * @example
 * planStatusChange({ status: 'inProgress', ticketType: 'fault' }, { status: 'resolved' }); // null
 * planStatusChange({ status: 'closed', ticketType: 'fault' }, { status: 'inProgress' }); // throws ILLEGAL_TRANSITION
 * planStatusChange({ status: 'inProgress', ticketType: 'fault' }, { status: 'held' }); // throws VALIDATION_FAILED (reason)
 */
export function planStatusChange(
  ticket: { status: TicketStatus; ticketType: TicketType },
  change: StatusChangeInput,
  visits: VisitState = NO_VISITS,
): string | null {
  const from = ticket.status;
  const to = change.status;
  const allowed = allowedTransitions(from);
  if (!allowed.includes(to)) {
    const message =
      from === to
        ? `The ticket is already ${from}`
        : allowed.length === 0
          ? `A ${from} ticket cannot change status`
          : `A ${from} ticket cannot become ${to} (allowed: ${allowed.join(', ')})`;
    throw new DomainError('ILLEGAL_TRANSITION', message, [{ field: 'status', message }], {
      from,
      to,
      allowed,
    });
  }
  const reason = change.reason?.trim() || null;
  const visited = ticket.ticketType === 'fault' || ticket.ticketType === 'complaint';
  if (to === 'closed' && visited && visits.openVisit) {
    const message = 'The ticket is waiting for the return visit; its outcome closes the ticket';
    throw new DomainError('ILLEGAL_TRANSITION', message, [{ field: 'status', message }], {
      from,
      to,
      allowed: allowed.filter((s) => s !== 'closed'),
      waitingFor: 'returnVisit',
    });
  }
  const needsReason =
    REASON_REQUIRED.has(to) || (to === 'closed' && visited && visits.lastOutcome === 'unreachable');
  if (needsReason && reason === null) {
    const message =
      to === 'closed'
        ? 'Say why the ticket is closed although the customer could not be reached'
        : `Say why the ticket becomes ${to}`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'reason', message }]);
  }
  return reason;
}
