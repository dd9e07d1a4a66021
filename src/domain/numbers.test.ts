import { describe, expect, it } from 'vitest';
import { formatDocumentNumber } from './numbers.ts';

describe('formatDocumentNumber', () => {
  it('uses the Shanghai day and pads the sequence', () => {
    expect(formatDocumentNumber('PO', new Date('2026-12-07T02:00:00Z'), 12)).toBe('PO20261207-000012');
    expect(formatDocumentNumber('CS', new Date('2026-12-06T17:00:00Z'), 1)).toBe('CS20261207-000001');
  });
  it('refuses a sequence that is not a positive integer', () => {
    expect(() => formatDocumentNumber('PO', new Date(), 0)).toThrow(RangeError);
  });
});
