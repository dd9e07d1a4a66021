/**
 * TMF hub events and the webhook outbox. PLACEHOLDER until the TMF621/outbox work lands:
 * replace the bodies, keep the signatures.
 */
import type { Tx } from '../../db/database.ts';

/**
 * Queues one event for every hub subscription of `api` whose query matches it, in the caller's
 * transaction (delivered later by the outbox job: HMAC-signed POST, retried with backoff).
 * `eventType` is a TMF621 event name (TroubleTicketCreateEvent, …StatusChangeEvent,
 * …AttributeValueChangeEvent, …ResolvedEvent, …InformationRequiredEvent) or our extension
 * `TroubleTicketEscalationEvent`; `resource` is the TMF621 representation of the ticket.
 */
export async function enqueueEvent(
  _tx: Tx,
  _input: {
    api: 'troubleTicket';
    eventType: string;
    resource: Record<string, unknown>;
    at: Date;
    title?: string;
    description?: string;
  },
): Promise<number> {
  throw new Error('enqueueEvent: outbox not built yet');
}
