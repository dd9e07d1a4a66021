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

/** One event to queue (see `enqueueEvent`). */
export type EventInput = {
  eventType: string;
  /** The resource, or a function building it (called only when some subscription needs it). */
  resource: Resource | (() => Promise<Resource>);
  at: Date;
  title?: string;
  description?: string;
  correlationId?: string;
};

/** Outbox rows per INSERT (6 parameters a row, well under PostgreSQL's 65,535). */
const ROWS_PER_INSERT = 1_000;

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
export async function enqueueEvent(tx: Tx, input: EventInput & { api: HubApi }): Promise<number> {
  return enqueueEvents(tx, input.api, [input]);
}

/**
 * `enqueueEvent` for many events of one API (a customer's transfer touching all its tickets): the
 * subscriptions are read and parsed once and the rows go in a few INSERTs, not a query of each
 * per event. Returns the rows queued.
 */
export async function enqueueEvents(tx: Tx, api: HubApi, events: readonly EventInput[]): Promise<number> {
  if (events.length === 0) return 0;
  const subscriptions = await tx
    .select({ id: hubSubscriptions.id, query: hubSubscriptions.query })
    .from(hubSubscriptions)
    .innerJoin(
      users,
      and(eq(users.username, hubSubscriptions.createdBy), eq(users.role, 'admin'), eq(users.active, true)),
    )
    .where(eq(hubSubscriptions.api, api));
  // a bad stored query matches nothing (it was refused when subscribing)
  const queries = subscriptions.flatMap((s) => {
    const parsed = parseHubQuery(s.query);
    return parsed.ok ? [{ id: s.id, query: parsed.query }] : [];
  });
  if (queries.length === 0) return 0;
  const rows: (typeof outbox.$inferInsert)[] = [];
  for (const input of events) {
    let resource: Resource | null = typeof input.resource === 'function' ? null : input.resource;
    const load = async () => {
      resource ??= await (input.resource as () => Promise<Resource>)();
      return resource;
    };
    const matching: string[] = [];
    for (const s of queries) {
      const target = needsResource(s.query) ? await load() : {};
      if (matchesHubQuery(s.query, input.eventType, target)) matching.push(s.id);
    }
    if (matching.length === 0) continue;
    const at = input.at.toISOString();
    const payload: HubEvent = {
      '@type': input.eventType,
      eventId: randomUUID(),
      eventTime: at,
      eventType: input.eventType,
      ...(input.correlationId ? { correlationId: input.correlationId } : {}),
      domain: api,
      title: input.title ?? input.eventType,
      description: input.description ?? input.eventType,
      timeOccurred: at,
      event: { [RESOURCE_KEY[api]]: await load() },
    };
    for (const subscriptionId of matching) {
      rows.push({
        subscriptionId,
        eventId: payload.eventId,
        eventType: input.eventType,
        payload,
        createdAt: input.at,
        nextAttemptAt: input.at,
      });
    }
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx.insert(outbox).values(rows.slice(i, i + ROWS_PER_INSERT));
  }
  return rows.length;
}
