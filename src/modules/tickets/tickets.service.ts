/**
 * Trouble tickets. PLACEHOLDER until the tickets work lands: replace the bodies, keep the
 * signatures (return visits call `changeTicketStatus`).
 */
import type { Actor } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import type { CalendarStore } from '../calendar/calendar.service.ts';

/**
 * Changes a ticket's status in the caller's transaction: checks the transition (409
 * ILLEGAL_TRANSITION), appends the event, syncs clocks, opens/cancels return visits, queues hub
 * events and audits. Used by the service routes, TMF621 PATCH and the return-visit outcome.
 */
export async function changeTicketStatus(
  _tx: Tx,
  _calendars: CalendarStore,
  _actor: Actor,
  _ticketId: string,
  _change: { status: string; reason?: string | null },
  _at: Date,
): Promise<void> {
  throw new Error('changeTicketStatus: tickets not built yet');
}
