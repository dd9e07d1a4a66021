import { describe, expect, it } from 'vitest';
import { isCallbackUrl, matchesHubQuery, parseHubQuery, retryDelaySeconds } from './hub-query.ts';

const q = (raw: string) => {
  const parsed = parseHubQuery(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
};

describe('hub query', () => {
  it('matches every event when empty', () => {
    expect(matchesHubQuery(q(''), 'TroubleTicketCreateEvent', {})).toBe(true);
  });
  it('selects event types', () => {
    const query = q('eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent');
    expect(matchesHubQuery(query, 'TroubleTicketResolvedEvent', {})).toBe(true);
    expect(matchesHubQuery(query, 'TroubleTicketCreateEvent', {})).toBe(false);
  });
  it('filters on ticket attributes', () => {
    const query = q('event.troubleTicket.severity=critical&ticketType=fault');
    expect(matchesHubQuery(query, 'X', { severity: 'critical', ticketType: 'fault' })).toBe(true);
    expect(matchesHubQuery(query, 'X', { severity: 'minor', ticketType: 'fault' })).toBe(false);
    expect(matchesHubQuery(query, 'X', {})).toBe(false);
  });
  it.each(['=x', 'eventType=', 'a b=c', 'x=%E0%A4%A'])('refuses %s', (raw) => {
    expect(parseHubQuery(raw).ok).toBe(false);
  });
  it('backs off exponentially up to 6 hours', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(15)).toBe(21600);
  });
  it('accepts only http(s) callbacks', () => {
    expect(isCallbackUrl('http://127.0.0.1:9000/cb')).toBe(true);
    expect(isCallbackUrl('https://crm.example.com/tmf')).toBe(true);
    expect(isCallbackUrl('ftp://example.com/')).toBe(false);
    expect(isCallbackUrl('not a url')).toBe(false);
    expect(isCallbackUrl('javascript:alert(1)')).toBe(false);
  });
});
