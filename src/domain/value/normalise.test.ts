import { describe, expect, it } from 'vitest';
import {
  minMaxScore,
  percentileRank,
  quantileAt,
  scale5Score,
  sketchFractions,
  sketchFromValues,
  withDirection,
} from './normalise.ts';

describe('quantile sketch', () => {
  it('fractions are evenly spaced', () => {
    expect(sketchFractions(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(sketchFractions()).toHaveLength(101);
    expect(() => sketchFractions(1)).toThrow();
  });

  it('reproduces percentile_cont interpolation', () => {
    const s = sketchFromValues([4, 1, 3, 2], 5);
    // positions 0, 0.75, 1.5, 2.25, 3 over [1,2,3,4]
    expect(s?.quantiles).toEqual([1, 1.75, 2.5, 3.25, 4]);
    expect(s?.count).toBe(4);
  });

  it('is constant in size whatever the population', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => i);
    const s = sketchFromValues(values);
    expect(s?.quantiles).toHaveLength(101);
    expect(s?.count).toBe(100_000);
  });

  it('ignores non-finite values and is null when empty', () => {
    expect(sketchFromValues([])).toBeNull();
    expect(sketchFromValues([Number.NaN])).toBeNull();
    expect(sketchFromValues([1, Number.NaN, 3], 3)?.quantiles).toEqual([1, 2, 3]);
  });

  it('quantileAt interpolates and clamps', () => {
    const s = { quantiles: [0, 10, 20], count: 3 };
    expect(quantileAt(s, 0.25)).toBe(5);
    expect(quantileAt(s, 1)).toBe(20);
    expect(quantileAt(s, -1)).toBe(0);
    expect(quantileAt(s, 2)).toBe(20);
  });
});

describe('percentileRank', () => {
  const s = sketchFromValues([10, 20, 30, 40, 50], 5);
  if (!s) throw new Error('sketch');
  it.each([
    [5, 0],
    [10, 0],
    [15, 12.5],
    [30, 50],
    [50, 100],
    [60, 100],
  ])('rank of %d is %d', (value, rank) => {
    expect(percentileRank(s, value)).toBeCloseTo(rank, 9);
  });

  it('ties rank at the middle of their run', () => {
    const flat = sketchFromValues([7, 7, 7, 7], 11);
    expect(flat && percentileRank(flat, 7)).toBe(50);
    const zeros = sketchFromValues([0, 0, 0, 0, 0, 0, 0, 0, 5, 10], 11);
    // 0 occupies fractions 0 … 0.7 → mid 0.35
    expect(zeros && percentileRank(zeros, 0)).toBeCloseTo(35, 6);
  });

  it('on a large uniform population approximates the exact rank', () => {
    const values = Array.from({ length: 10_001 }, (_, i) => i);
    const big = sketchFromValues(values);
    expect(big && percentileRank(big, 2_500)).toBeCloseTo(25, 6);
    expect(big && percentileRank(big, 9_999)).toBeCloseTo(99.99, 2);
  });
});

describe('minMaxScore (capped)', () => {
  const s = sketchFromValues(Array.from({ length: 101 }, (_, i) => i)); // 0…100
  if (!s) throw new Error('sketch');
  it.each([
    [50, 0, 1, 50],
    [5, 0.05, 0.95, 0],
    [0, 0.05, 0.95, 0],
    [95, 0.05, 0.95, 100],
    [100, 0.05, 0.95, 100],
    [50, 0.05, 0.95, 50],
    [27.5, 0.05, 0.95, 25],
  ])('value %d with caps %d/%d → %d', (v, lo, hi, expected) => {
    expect(minMaxScore(s, v, lo, hi)).toBeCloseTo(expected, 9);
  });

  it('degenerate caps score 50 at the value, 0 below, 100 above', () => {
    const zeros = sketchFromValues([0, 0, 0, 0], 5);
    if (!zeros) throw new Error('sketch');
    expect(minMaxScore(zeros, 0, 0, 0.99)).toBe(50);
    expect(minMaxScore(zeros, 3, 0, 0.99)).toBe(100);
    expect(minMaxScore(zeros, -1, 0, 0.99)).toBe(0);
  });
});

describe('scale5Score and direction', () => {
  it.each([
    [1, 0],
    [2, 25],
    [3, 50],
    [4, 75],
    [5, 100],
    [0, 0],
    [9, 100],
  ])('%d → %d', (v, expected) => {
    expect(scale5Score(v)).toBe(expected);
  });

  it('a negative direction reverses the score', () => {
    expect(withDirection(80, -1)).toBe(20);
    expect(withDirection(80, 1)).toBe(80);
  });
});
