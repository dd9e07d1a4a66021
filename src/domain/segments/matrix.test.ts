import { describe, expect, it } from 'vitest';
import {
  classify,
  computeMissingFacts,
  computeRsl,
  DEFAULT_THRESHOLDS,
  pointFor,
  roundRsl,
  STRATEGIES,
  summariseQuadrants,
  validateThresholds,
} from './matrix.ts';
import { summariseSegments } from './summary.ts';

describe('RSL (seed 000: 80 vs 60 → 1.33)', () => {
  it.each([
    [80, 60, 1.33],
    [60, 80, 0.75],
    [90, 90, 1],
  ])('%d ÷ %d → %d', (own, competitor, rsl) => {
    expect(roundRsl(computeRsl(own, competitor))).toBe(rsl);
  });

  it.each([
    [80, 0],
    [80, null],
    [null, 60],
    [80, undefined],
  ])('%s ÷ %s → null, never Infinity', (own, competitor) => {
    expect(computeRsl(own, competitor)).toBeNull();
  });
});

describe('quadrants and strategies (seed 000)', () => {
  const t = DEFAULT_THRESHOLDS;
  it.each([
    [{ x: 85, y: 90 }, 'highHigh', '重点关注,积极巩固', false],
    [{ x: 85, y: 62 }, 'highLow', '积极争取,防止流失', true],
    [{ x: 40, y: 90 }, 'lowHigh', '积极维持', false],
    [{ x: 40, y: 50 }, 'lowLow', '可放弃', false],
    [{ x: 60, y: 80 }, 'highHigh', '重点关注,积极巩固', false],
  ] as const)('value × satisfaction %o → %s', (point, quadrant, zh, flagged) => {
    const q = classify('valueSatisfaction', point, t);
    expect(q).toBe(quadrant);
    expect(STRATEGIES.valueSatisfaction[q]).toMatchObject({ zh, flagged });
  });

  it('flags high value with low RSL', () => {
    const point = pointFor('valueRsl', {
      total: 82,
      satisfaction: 60,
      competitorSatisfaction: 80,
      walletShare: null,
    });
    expect(point).toEqual({ x: 82, y: 0.75 });
    const q = classify('valueRsl', point!, t);
    expect(q).toBe('highLow');
    expect(STRATEGIES.valueRsl[q].flagged).toBe(true);
    const seed = pointFor('valueRsl', {
      total: 82,
      satisfaction: 80,
      competitorSatisfaction: 60,
      walletShare: null,
    });
    expect(classify('valueRsl', seed!, t)).toBe('highHigh');
  });

  it('flags both low-satisfaction wallet quadrants as churn risks', () => {
    const flagged = Object.entries(STRATEGIES.walletSatisfaction)
      .filter(([, s]) => s.flagged)
      .map(([k]) => k);
    expect(flagged.sort()).toEqual(['highLow', 'lowLow']);
    expect(classify('walletSatisfaction', { x: 0.7, y: 55 }, t)).toBe('highLow');
    expect(classify('walletSatisfaction', { x: 0.2, y: 55 }, t)).toBe('lowLow');
  });

  it('has a Chinese and an English strategy for every quadrant of every matrix', () => {
    for (const matrix of Object.values(STRATEGIES)) {
      for (const s of Object.values(matrix)) {
        expect(s.zh.length).toBeGreaterThan(0);
        expect(s.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('treats missing data as missing, not 0', () => {
    expect(
      pointFor('valueSatisfaction', {
        total: null,
        satisfaction: 90,
        competitorSatisfaction: null,
        walletShare: null,
      }),
    ).toBeNull();
    expect(
      pointFor('valueRsl', { total: 70, satisfaction: 90, competitorSatisfaction: 0, walletShare: null }),
    ).toBeNull();
    expect(
      pointFor('walletSatisfaction', {
        total: 70,
        satisfaction: 90,
        competitorSatisfaction: 50,
        walletShare: null,
      }),
    ).toBeNull();
  });

  it.each([
    [
      'valueSatisfaction',
      { total: null, satisfaction: null, competitorSatisfaction: 50, walletShare: 0.4 },
      ['valueScore', 'satisfaction'],
    ],
    [
      'valueSatisfaction',
      { total: 70, satisfaction: 90, competitorSatisfaction: null, walletShare: null },
      [],
    ],
    [
      'valueRsl',
      { total: 70, satisfaction: 90, competitorSatisfaction: 0, walletShare: null },
      ['competitorSatisfaction'],
    ],
    [
      'valueRsl',
      { total: null, satisfaction: null, competitorSatisfaction: null, walletShare: null },
      ['valueScore', 'satisfaction', 'competitorSatisfaction'],
    ],
    [
      'walletSatisfaction',
      { total: null, satisfaction: 90, competitorSatisfaction: null, walletShare: null },
      ['walletShare'],
    ],
    [
      'walletSatisfaction',
      { total: null, satisfaction: 90, competitorSatisfaction: null, walletShare: 0 },
      [],
    ],
  ] as const)('%s with %j misses %j, exactly when there is no point', (kind, facts, expected) => {
    expect(computeMissingFacts(kind, facts)).toEqual(expected);
    expect(pointFor(kind, facts) === null).toBe(expected.length > 0);
  });

  it('counts all four quadrants', () => {
    const s = summariseQuadrants('valueSatisfaction', ['highHigh', 'highHigh', 'lowLow']);
    expect(s.map((q) => [q.key, q.count])).toEqual([
      ['highHigh', 2],
      ['highLow', 0],
      ['lowHigh', 0],
      ['lowLow', 1],
    ]);
    expect(s[1]!.flagged).toBe(true);
  });
});

describe('thresholds', () => {
  it('accepts the defaults', () => {
    expect(validateThresholds(DEFAULT_THRESHOLDS)).toEqual([]);
    expect(DEFAULT_THRESHOLDS.rsl).toBe(1);
  });
  it('names each out-of-range field', () => {
    const issues = validateThresholds({ valueScore: 120, satisfaction: -1, rsl: 0, walletShare: 1.5 });
    expect(issues.map((i) => i.field)).toEqual(['valueScore', 'satisfaction', 'rsl', 'walletShare']);
  });
});

describe('summary by industry and region', () => {
  const base = { competitorSatisfaction: null, walletShare: null };
  const rows = [
    {
      ...base,
      industry: 'I',
      regionCode: 'GD-GZ',
      tier: '5A',
      total: 80,
      satisfaction: 90,
      revenue12mFen: 1000,
    },
    {
      ...base,
      industry: 'I',
      regionCode: 'GD-SZ',
      tier: '3A',
      total: 40,
      satisfaction: null,
      revenue12mFen: 500,
    },
    {
      ...base,
      industry: 'C',
      regionCode: 'GD-GZ',
      tier: null,
      total: 70,
      satisfaction: 60,
      revenue12mFen: 3000,
    },
  ];
  it('groups by industry with averages over known values only', () => {
    const groups = summariseSegments(rows, 'industry', DEFAULT_THRESHOLDS);
    expect(groups.map((g) => g.key)).toEqual(['C', 'I']);
    const i = groups[1]!;
    expect(i).toMatchObject({ customers: 2, avgTotal: 60, avgSatisfaction: 90, revenue12mFen: 1500 });
    expect(i.tiers).toEqual({ '5A': 1, '3A': 1 });
    expect(i.quadrants).toEqual({ highHigh: 1, highLow: 0, lowHigh: 0, lowLow: 0, missing: 1 });
    expect(groups[0]!.tiers).toEqual({ none: 1 });
  });
  it('groups by region', () => {
    const groups = summariseSegments(rows, 'region', DEFAULT_THRESHOLDS);
    expect(groups.find((g) => g.key === 'GD-GZ')).toMatchObject({ customers: 2, revenue12mFen: 4000 });
  });
});
