/**
 * Return visits (回访). PLACEHOLDER until the visits work lands: replace the bodies, keep the
 * signatures (the ticket service and, later, orders call them).
 */
import type { Actor } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import type { CalendarStore } from '../calendar/calendar.service.ts';

export type VisitTicket = { id: string; customerId: string; ticketType: string; regionCode: string };

/**
 * Called by the ticket service in its transaction when a ticket becomes `resolved`: a fault opens
 * a return visit due within 3 days (a complaint too), assigned to the customer's one visitor.
 * Returns the visit id, or null when the ticket type needs no visit. Idempotent per open visit.
 */
export async function openReturnVisitForTicket(
  _tx: Tx,
  _calendars: CalendarStore,
  _ticket: VisitTicket,
  _at: Date,
  _actor: Actor,
): Promise<string | null> {
  throw new Error('openReturnVisitForTicket: visits not built yet');
}

/** An activation (issue 6's orders) opens a return visit due within a week. */
export async function openActivationVisit(
  _tx: Tx,
  _input: { customerId: string; orderRef: string; regionCode: string },
  _at: Date,
  _actor: Actor,
): Promise<string> {
  throw new Error('openActivationVisit: visits not built yet');
}

/** Cancels the open visits of a ticket that was reopened or cancelled by other means. */
export async function cancelOpenVisitsForTicket(
  _tx: Tx,
  _ticketId: string,
  _at: Date,
  _actor: Actor,
): Promise<number> {
  throw new Error('cancelOpenVisitsForTicket: visits not built yet');
}
