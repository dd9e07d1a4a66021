import { describe, expect, it } from 'vitest';
import { compareQueue, defaultPriority, ticketTierOf, tierRank } from './queue.ts';

describe('queue', () => {
  it.each([
    ['5A', 50],
    ['4A', 40],
    ['3A', 30],
    ['2A', 20],
    ['1A', 10],
    ['A', 45],
    ['B', 35],
    ['C', 25],
    [null, 0],
    ['X', 0],
  ] as const)('rank of %s is %d', (tier, rank) => expect(tierRank(tier)).toBe(rank));

  it.each([
    ['5A', 'critical', 0],
    ['3A', 'critical', 0],
    ['B', 'critical', 0],
    ['2A', 'critical', 1],
    ['C', 'critical', 1],
    [null, 'critical', 1],
    ['4A', 'major', 1],
    ['1A', 'major', 2],
    ['5A', 'minor', 3],
    ['1A', 'minor', 3],
    [null, 'minor', 4],
  ] as const)('priority of %s %s is %d', (tier, severity, p) =>
    expect(defaultPriority(tier, severity)).toBe(p),
  );

  it('snapshots the service tier, else the group class', () => {
    expect(ticketTierOf({ tier: '5A', stars: 4, groupClass: 'A' })).toBe('4A');
    expect(ticketTierOf({ tier: '3A', stars: null, groupClass: null })).toBe('3A');
    expect(ticketTierOf({ tier: null, stars: null, groupClass: 'C' })).toBe('C');
    expect(ticketTierOf({ tier: null, stars: null, groupClass: null })).toBeNull();
  });

  it('orders by tier, then time left, no clock last, then age', () => {
    const t = (iso: string | null) => (iso ? new Date(iso) : null);
    const created = new Date('2026-01-01T00:00:00Z');
    const rows = [
      { id: 'c', tierRank: 30, nextTargetAt: t('2026-01-01T01:00:00Z'), createdAt: created },
      { id: 'd', tierRank: 30, nextTargetAt: null, createdAt: created },
      { id: 'a', tierRank: 50, nextTargetAt: t('2026-01-01T09:00:00Z'), createdAt: created },
      { id: 'b', tierRank: 30, nextTargetAt: t('2026-01-01T00:30:00Z'), createdAt: created },
      { id: 'e', tierRank: 0, nextTargetAt: t('2026-01-01T00:01:00Z'), createdAt: created },
    ];
    expect(rows.sort(compareQueue).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
