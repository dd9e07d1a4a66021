/**
 * A change of a ticket's attributes (PRODUCT.md §7; TMF621 PATCH, the desk's severity action):
 * what changes, and whether the SLA limits must be recomputed. The customer SLA limit follows the
 * severity (the definitions' severity factor), and so does the default priority. Pure.
 */
import type { Severity, TicketStatus } from '../desk/config.ts';
import { DomainError } from '../errors.ts';
import { isOpenStatus } from './lifecycle.ts';
import { defaultPriority } from './queue.ts';

export type TicketAttributes = {
  name: string;
  description: string;
  severity: Severity;
  priority: number;
  requestedResolutionDate: string | null;
};

export type AttributeChangePlan = {
  /** The changed attributes as they were, and as they become (only the changed ones). */
  before: Partial<TicketAttributes>;
  after: Partial<TicketAttributes>;
  /** The SLA limits depend on a changed attribute: the clocks are recomputed with new limits. */
  recomputeLimits: boolean;
};

/**
 * Plans an attribute change: the attributes that differ; a new severity also sets the default
 * priority for the ticket's tier (unless the same change gives a priority) and asks for the SLA
 * limits to be recomputed. The severity of a finished ticket (resolved, closed, cancelled,
 * rejected) is part of its SLA record: changing it is 409 ILLEGAL_TRANSITION naming `severity`.
 *
 * @example
 * planAttributeChange(
 *   { status: 'inProgress', tier: '4A', name: 'x', description: 'x', severity: 'minor', priority: 3, requestedResolutionDate: null },
 *   { severity: 'critical' },
 * ); // → { before: { severity: 'minor', priority: 3 }, after: { severity: 'critical', priority: 0 }, recomputeLimits: true }
 */
export function planAttributeChange(
  ticket: TicketAttributes & { status: TicketStatus; tier: string | null },
  change: Partial<TicketAttributes>,
): AttributeChangePlan {
  const before: Partial<TicketAttributes> = {};
  const after: Partial<TicketAttributes> = {};
  const set = <K extends keyof TicketAttributes>(key: K, value: TicketAttributes[K] | undefined) => {
    if (value === undefined || ticket[key] === value) return;
    before[key] = ticket[key];
    after[key] = value;
  };
  set('name', change.name);
  set('description', change.description);
  set('requestedResolutionDate', change.requestedResolutionDate);
  set('severity', change.severity);
  const newSeverity = after.severity;
  if (newSeverity !== undefined && !isOpenStatus(ticket.status)) {
    const message = `the severity of a ${ticket.status} ticket is part of its SLA record`;
    throw new DomainError('ILLEGAL_TRANSITION', message, [{ field: 'severity', message }], {
      ticketStatus: ticket.status,
    });
  }
  set(
    'priority',
    change.priority ?? (newSeverity === undefined ? undefined : defaultPriority(ticket.tier, newSeverity)),
  );
  return { before, after, recomputeLimits: newSeverity !== undefined };
}
