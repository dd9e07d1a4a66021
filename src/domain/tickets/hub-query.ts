/**
 * TMF hub subscription queries (TMF621 `/hub`, PRODUCT.md §7): which events a listener wants.
 * A query is `key=value[,value…]` terms joined by `&`, all of which must match:
 * `eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent` selects event types;
 * any other key names an attribute of the resource (optionally prefixed by the event's resource key,
 * `event.troubleTicket.` or `event.productOrder.`), e.g. `severity=critical`,
 * `event.troubleTicket.ticketType=fault` or `state=completed` for TMF622 orders. An empty query matches all.
 * Pure.
 */

export type HubQuery = { terms: { key: string; values: string[] }[] };
export type HubQueryParse = { ok: true; query: HubQuery } | { ok: false; message: string };

const KEY = /^[A-Za-z@][\w.@]*$/;

/**
 * @example
 * parseHubQuery('eventType=TroubleTicketCreateEvent&severity=critical,major'); // ok, two terms
 * parseHubQuery('=x'); // { ok: false, … }
 */
export function parseHubQuery(raw: string | null | undefined): HubQueryParse {
  const text = (raw ?? '').trim().replace(/^\?/, '');
  if (text === '') return { ok: true, query: { terms: [] } };
  const terms: HubQuery['terms'] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, message: `"${part}" is not key=value` };
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(part.slice(0, eq)).trim();
      value = decodeURIComponent(part.slice(eq + 1)).trim();
    } catch {
      return { ok: false, message: `"${part}" is not URL-encoded correctly` };
    }
    if (!KEY.test(key)) return { ok: false, message: `"${key}" is not an attribute name` };
    const values = value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0) return { ok: false, message: `"${key}" has no value` };
    terms.push({ key: key.replace(/^event\.(troubleTicket|productOrder)\./, ''), values });
  }
  return { ok: true, query: { terms } };
}

function attribute(resource: Record<string, unknown>, path: string): unknown {
  let value: unknown = resource;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Whether an event of `eventType` about `resource` matches the query.
 *
 * @example
 * matchesHubQuery(parseHubQuery('eventType=TroubleTicketCreateEvent').query, 'TroubleTicketCreateEvent', {}); // true
 */
export function matchesHubQuery(
  query: HubQuery,
  eventType: string,
  resource: Record<string, unknown>,
): boolean {
  return query.terms.every((term) => {
    if (term.key === 'eventType') return term.values.includes(eventType);
    const value = attribute(resource, term.key);
    if (value === undefined || value === null) return false;
    return term.values.includes(String(value));
  });
}

/** Whether the query looks at the ticket itself (then the event's resource must be built to match). */
export function needsResource(query: HubQuery): boolean {
  return query.terms.some((t) => t.key !== 'eventType');
}

/**
 * The retry delay after `attempts` failed deliveries: 30 s × 2^(attempts−1), at most 6 hours.
 *
 * @example
 * retryDelaySeconds(1); // 30
 * retryDelaySeconds(3); // 120
 * retryDelaySeconds(20); // 21600
 */
export function retryDelaySeconds(attempts: number): number {
  const n = Math.max(1, attempts);
  return Math.min(30 * 2 ** (n - 1), 6 * 3600);
}

/**
 * Whether a callback URL is acceptable: absolute http(s) with a host.
 *
 * @example
 * isCallbackUrl('https://crm.example.com/tmf/events'); // true
 * isCallbackUrl('ftp://x'); // false
 */
export function isCallbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
