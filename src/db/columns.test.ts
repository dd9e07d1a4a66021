import { describe, expect, it } from 'vitest';
import { isoOf, isoOrNull } from './columns.ts';

describe('instants as ISO text', () => {
  it('reads a Date and the text either driver gives for a timestamptz', () => {
    expect(isoOf(new Date(Date.UTC(2026, 11, 7, 2)))).toBe('2026-12-07T02:00:00.000Z');
    expect(isoOf('2026-12-07 10:00:00+08')).toBe('2026-12-07T02:00:00.000Z');
    expect(isoOf('2026-12-07T02:00:00.123Z')).toBe('2026-12-07T02:00:00.123Z');
  });

  it('gives null for no instant, and for an invalid Date', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(undefined)).toBeNull();
    expect(isoOrNull(new Date(Number.NaN))).toBeNull();
    expect(isoOrNull('2026-12-07 10:00:00+08')).toBe('2026-12-07T02:00:00.000Z');
  });
});
