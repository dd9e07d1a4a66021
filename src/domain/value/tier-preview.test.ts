import { describe, expect, it } from 'vitest';
import { previewTiers } from './tier-preview.ts';

const telecom = { scheme: 'telecom', method: 'threshold', cuts: [80, 65, 50, 35] } as const;

describe('previewTiers', () => {
  it('counts the classes under score thresholds (the seed defaults 80/65/50/35) and the moves', () => {
    const p = previewTiers(
      [
        { total: 85, current: '4A' }, // up
        { total: 80, current: '5A' }, // same: a score on the cut point belongs to the class above
        { total: 64.9, current: '4A' }, // down to 3A (≥ 50, < 65)
        { total: 20, current: null }, // unrated today
        { total: 100, current: '5A' },
      ],
      telecom,
    );
    expect(p.assessed).toBe(5);
    expect(p.classes).toEqual([
      { cls: '5A', count: 3, current: 2 },
      { cls: '4A', count: 0, current: 2 },
      { cls: '3A', count: 1, current: 0 },
      { cls: '2A', count: 0, current: 0 },
      { cls: '1A', count: 1, current: 0 },
    ]);
    expect(p.moves).toEqual({ up: 1, down: 1, same: 2, unrated: 1 });
    expect(p.histogram).toHaveLength(20);
    expect(p.histogram[19]).toEqual({ from: 95, to: 100, count: 1 }); // 100 lands in the last bin
    expect(p.histogram[16]).toEqual({ from: 80, to: 85, count: 1 });
    expect(p.histogram.reduce((s, b) => s + b.count, 0)).toBe(5);
  });

  it('ranks the population for quotas (ties share a rank) and uses A/B/C under the mobile scheme', () => {
    const totals = [90, 90, 70, 60, 50, 40, 30, 20, 10, 5];
    const p = previewTiers(
      totals.map((total) => ({ total, current: 'B' })),
      { scheme: 'mobile', method: 'quota', cuts: [0.2, 0.5] },
    );
    // the two 90s are the top 0 % → A; 70, 60, 50 rank 20–40 % → B; the rest C
    expect(p.classes).toEqual([
      { cls: 'A', count: 2, current: 0 },
      { cls: 'B', count: 3, current: 10 },
      { cls: 'C', count: 5, current: 0 },
    ]);
    expect(p.moves).toEqual({ up: 2, down: 5, same: 3, unrated: 0 });
  });

  it('is empty without assessed customers', () => {
    const p = previewTiers([], telecom);
    expect(p.assessed).toBe(0);
    expect(p.classes.every((c) => c.count === 0)).toBe(true);
  });
});
