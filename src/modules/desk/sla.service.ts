/**
 * SLA clocks of tickets (owned by the SLA/escalation work; this file is the contract the ticket
 * service calls). PLACEHOLDER until the SLA engine lands: replace the bodies, keep the signatures.
 */
import type { Tx } from '../../db/database.ts';
import type { CalendarStore } from '../calendar/calendar.service.ts';

/**
 * Brings a ticket's SLA instances up to date with its event history as of `at`, in the caller's
 * transaction: attaches the instances whose start condition now holds (limits from the
 * entitlements and the desk config version of the ticket), pauses/resumes/stops/cancels the
 * others, recomputes elapsed/target/breach, sets `next_check_at`, and copies the earliest target,
 * breach flag and escalation level onto the ticket row. Called after every ticket change.
 */
export async function syncTicketClocks(
  _tx: Tx,
  _calendars: CalendarStore,
  _ticketId: string,
  _at: Date,
): Promise<void> {
  throw new Error('syncTicketClocks: SLA engine not built yet');
}
