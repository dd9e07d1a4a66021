/**
 * TMF hub events and the webhook outbox (PRODUCT.md §7, TMF621 notifications). An event is
 * written in the transaction of the change it reports — one `outbox` row per matching hub
 * subscription — so a killed process loses nothing; `delivery.service.ts` posts them later.
 *
 * Delivery is at least once: the same event may arrive twice (a crash between the POST and its
 * record, a timeout after the receiver accepted it), always with the same `eventId` and
 * `X-Tierline-Event-Id`. Receivers must deduplicate by eventId.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { hubSubscriptions, outbox, users } from '../../db/schema.ts';
import { matchesHubQuery, needsResource, parseHubQuery } from '../../domain/tickets/hub-query.ts';
import type { HubApi } from './hub.service.ts';

type Resource = Record<string, unknown>;

/** The TMF event envelope as delivered (TMF621 `Event`). */
export type HubEvent = {
  '@type': string;
  eventId: string;
  eventTime: string;
  eventType: string;
  correlationId?: string;
  domain: string;
  title: string;
  description: string;
  timeOccurred: string;
  event: Record<string, Resource>;
};

/** The resource key of each API's event payload. */
const RESOURCE_KEY: Record<HubApi, string> = { troubleTicket: 'troubleTicket', productOrder: 'productOrder' };

/**
 * Queues one event for every hub subscription of `api` whose query matches it, in the caller's
 * transaction (delivered later by the outbox job: HMAC-signed POST, retried with backoff).
 * `eventType` is a TMF621 event name (TroubleTicketCreateEvent, …StatusChangeEvent,
 * …AttributeValueChangeEvent, …ResolvedEvent, …InformationRequiredEvent, our extension
 * `TroubleTicketEscalationEvent`) or a TMF622 one (ProductOrderCreateEvent, …StateChangeEvent,
 * …AttributeValueChangeEvent); `resource` is the API's representation of the ticket or order — or
 * a function building it, called only when some subscription needs it. Returns the rows queued.
 *
 * Deny by default: an event carries the resource whatever its region or portfolio, so only
 * subscriptions whose creator is an active admin (who reads everything) receive it. One left by a
 * user who is no longer an admin, or no longer active, receives nothing (it can be deleted).
 */
export async function enqueueEvent(
  tx: Tx,
  input: {
    api: HubApi;
    eventType: string;
    resource: Resource | (() => Promise<Resource>);
    at: Date;
    title?: string;
    description?: string;
    correlationId?: string;
  },
): Promise<number> {
  const subscriptions = await tx
    .select({ id: hubSubscriptions.id, query: hubSubscriptions.query })
    .from(hubSubscriptions)
    .innerJoin(
      users,
      and(eq(users.username, hubSubscriptions.createdBy), eq(users.role, 'admin'), eq(users.active, true)),
    )
    .where(eq(hubSubscriptions.api, input.api));
  if (subscriptions.length === 0) return 0;
  let resource: Resource | null = typeof input.resource === 'function' ? null : input.resource;
  const load = async () => {
    resource ??= await (input.resource as () => Promise<Resource>)();
    return resource;
  };
  const matching: string[] = [];
  for (const s of subscriptions) {
    const parsed = parseHubQuery(s.query);
    if (!parsed.ok) continue; // refused when subscribing; a bad stored query matches nothing
    const target = needsResource(parsed.query) ? await load() : {};
    if (matchesHubQuery(parsed.query, input.eventType, target)) matching.push(s.id);
  }
  if (matching.length === 0) return 0;
  const at = input.at.toISOString();
  const payload: HubEvent = {
    '@type': input.eventType,
    eventId: randomUUID(),
    eventTime: at,
    eventType: input.eventType,
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    domain: input.api,
    title: input.title ?? input.eventType,
    description: input.description ?? input.eventType,
    timeOccurred: at,
    event: { [RESOURCE_KEY[input.api]]: await load() },
  };
  await tx.insert(outbox).values(
    matching.map((subscriptionId) => ({
      subscriptionId,
      eventId: payload.eventId,
      eventType: input.eventType,
      payload,
      createdAt: input.at,
      nextAttemptAt: input.at,
    })),
  );
  return matching.length;
}
