import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ValueModelDefinition } from './model.ts';
import { sketchFromValues } from './normalise.ts';
import { normaliseIndicator, type Population, scoreCustomer } from './score.ts';

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** A population of 101 customers with evenly spread values. */
const population: Population = {
  avgMonthlyRevenue: sketchFromValues(range(101, (i) => i * 10_000_00)), // 0 … 1,000,000 yuan in fen
  drivenRevenue: sketchFromValues(range(101, (i) => i * 1000)),
  dedicatedCost: sketchFromValues(range(101, (i) => i * 100)),
  arrearsMonths: sketchFromValues(range(101, (i) => (i < 90 ? 0 : i - 89))),
  newServiceUsage: sketchFromValues(range(101, (i) => i)),
  bandwidthShare: sketchFromValues(range(101, (i) => i / 100)),
  demandForecast: sketchFromValues(range(101, (i) => i * 12_000_00)),
  servicesMovedOut: sketchFromValues(range(101, (i) => (i < 80 ? 0 : 1))),
  satisfaction: sketchFromValues(range(101, (i) => i)),
  walletShare: sketchFromValues(range(101, (i) => i / 100)),
  relationshipYears: sketchFromValues(range(101, (i) => i / 5)),
};

describe('normaliseIndicator', () => {
  it('1–5 scales linearly, direction applied', () => {
    expect(normaliseIndicator('reciprocity', 5, {}, DEFAULT_MODEL)).toBe(100);
    expect(normaliseIndicator('reciprocity', 1, {}, DEFAULT_MODEL)).toBe(0);
    // price sensitivity is "less is better"
    expect(normaliseIndicator('priceSensitivity', 5, {}, DEFAULT_MODEL)).toBe(0);
    expect(normaliseIndicator('priceSensitivity', 2, {}, DEFAULT_MODEL)).toBe(75);
  });

  it('percentile rank for revenue', () => {
    expect(normaliseIndicator('avgMonthlyRevenue', 750_000_00, population, DEFAULT_MODEL)).toBeCloseTo(75, 9);
  });

  it('capped min–max, reversed for cost', () => {
    // dedicatedCost caps p5 = 500, p95 = 9500; 2750 → 25 → reversed 75
    expect(normaliseIndicator('dedicatedCost', 2750, population, DEFAULT_MODEL)).toBeCloseTo(75, 9);
    expect(normaliseIndicator('dedicatedCost', 100_000, population, DEFAULT_MODEL)).toBe(0);
  });

  it('no population for a quantitative indicator → cannot score', () => {
    expect(normaliseIndicator('satisfaction', 80, {}, DEFAULT_MODEL)).toBeNull();
  });
});

describe('scoreCustomer (PRODUCT.md §2)', () => {
  it('scores a complete customer', () => {
    const r = scoreCustomer(
      {
        avgMonthlyRevenue: 1_000_000_00,
        drivenRevenue: 100_000,
        dedicatedCost: 0,
        arrearsMonths: 0,
        newServiceUsage: 100,
        bandwidthShare: 1,
        demandForecast: 1_200_000_00,
        businessCondition: 5,
        telecomDependence: 5,
        priceSensitivity: 1,
        valueChainRole: 5,
        socialInfluence: 5,
        servicesMovedOut: 0,
        satisfaction: 100,
        walletShare: 1,
        relationshipYears: 20,
        reciprocity: 5,
      },
      population,
      DEFAULT_MODEL,
    );
    expect(r.missing).toEqual([]);
    expect(Object.keys(r.scores)).toHaveLength(17);
    expect(r.scores.avgMonthlyRevenue).toEqual({ raw: 1_000_000_00, score: 100 });
    expect(r.scores.dedicatedCost?.score).toBe(100);
    expect(r.directValue).toBe(100);
    expect(r.potentialValue).toBe(100);
    expect(r.influence).toBe(100);
    expect(r.total).toBeGreaterThan(95);
  });

  it('missing indicators are listed and excluded, weights renormalised — never read as zero', () => {
    const r = scoreCustomer({ socialInfluence: 5, valueChainRole: 3 }, population, DEFAULT_MODEL);
    // influence = (0.5·100 + 0.3·50) / 0.8
    expect(r.influence).toBe(81.25);
    expect(r.missing).toContain('drivenRevenue');
    expect(r.missing).not.toContain('socialInfluence');
    // potential value: only valueChainRole present (weight 0.15) → its score
    expect(r.potentialValue).toBe(50);
    // current value and loyalty have no inputs at all → null
    expect(r.currentValue).toBeNull();
    expect(r.directValue).toBeNull();
    expect(r.addedValue).toBeNull();
    expect(r.loyalty).toBeNull();
    // total renormalised over potential (0.25) and influence (0.15)
    expect(r.total).toBeCloseTo((0.25 * 50 + 0.15 * 81.25) / 0.4, 2);
    expect(r.missing).toHaveLength(15);
  });

  it('nothing known → every result null and all 17 missing', () => {
    const r = scoreCustomer({}, population, DEFAULT_MODEL);
    expect(r.total).toBeNull();
    expect(r.missing).toHaveLength(17);
    expect(r.scores).toEqual({});
  });

  it('null and NaN inputs are missing; a zero is a value', () => {
    const r = scoreCustomer(
      { arrearsMonths: 0, dedicatedCost: null, avgMonthlyRevenue: Number.NaN },
      population,
      DEFAULT_MODEL,
    );
    expect(r.missing).toContain('dedicatedCost');
    expect(r.missing).toContain('avgMonthlyRevenue');
    expect(r.missing).not.toContain('arrearsMonths');
    expect(r.scores.arrearsMonths?.raw).toBe(0);
    expect(r.directValue).toBe(r.scores.arrearsMonths?.score);
  });

  it('current value combines direct and added value by their weights', () => {
    const r = scoreCustomer(
      { avgMonthlyRevenue: 500_000_00, newServiceUsage: 100 },
      population,
      DEFAULT_MODEL,
    );
    expect(r.directValue).toBe(50);
    expect(r.addedValue).toBe(100);
    // weights 0.35 and 0.15
    expect(r.currentValue).toBe(65);
  });

  it('an indicator without a population is missing', () => {
    const r = scoreCustomer({ satisfaction: 90 }, {}, DEFAULT_MODEL);
    expect(r.missing).toContain('satisfaction');
    expect(r.loyalty).toBeNull();
  });

  it('indicators with zero weight everywhere are neither scored nor missing', () => {
    const def: ValueModelDefinition = structuredClone(DEFAULT_MODEL);
    def.weights.loyalty = { satisfaction: 1 };
    const r = scoreCustomer({ reciprocity: 5 }, population, def);
    expect(r.scores.reciprocity).toBeUndefined();
    expect(r.missing).not.toContain('reciprocity');
    expect(r.missing).toContain('satisfaction');
  });
});
