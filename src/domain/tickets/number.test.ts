import { describe, expect, it } from 'vitest';
import { formatTicketNumber, isTicketNumberLike } from './number.ts';

describe('ticket number', () => {
  it('uses the Shanghai day and pads the sequence', () => {
    expect(formatTicketNumber(new Date('2026-11-23T15:59:59Z'), 42)).toBe('TT20261123-000042');
    expect(formatTicketNumber(new Date('2026-11-23T16:00:00Z'), 42)).toBe('TT20261124-000042');
    expect(formatTicketNumber(new Date('2026-11-23T00:00:00Z'), 1234567)).toBe('TT20261123-1234567');
  });
  it('refuses a bad sequence', () => {
    expect(() => formatTicketNumber(new Date('2026-11-23T00:00:00Z'), 0)).toThrow(RangeError);
  });
  it('recognises numbers in a search', () => {
    expect(isTicketNumberLike('TT20261123-000042')).toBe(true);
    expect(isTicketNumberLike('tt2026')).toBe(true);
    expect(isTicketNumberLike('广州')).toBe(false);
  });
});
