import { describe, expect, it } from 'vitest';
import {
  ENTERABLE_INDICATORS,
  INDICATOR_KEYS,
  INDICATORS,
  indicatorOf,
  isIndicatorKey,
  validateIndicatorInput,
} from './indicators.ts';

describe('INDICATORS (PRODUCT.md §2, seed 001: 4 + 8 + 5 indicators)', () => {
  it('has the 17 indicators in three groups of 4, 8 and 5', () => {
    expect(INDICATORS).toHaveLength(17);
    expect(INDICATORS.map((i) => i.key)).toEqual([...INDICATOR_KEYS]);
    const count = (g: string) => INDICATORS.filter((i) => i.group === g).length;
    expect([count('contribution'), count('characteristics'), count('relationship')]).toEqual([4, 8, 5]);
  });

  it.each([
    ['dedicatedCost', -1],
    ['arrearsMonths', -1],
    ['priceSensitivity', -1],
    ['servicesMovedOut', -1],
    ['avgMonthlyRevenue', 1],
    ['satisfaction', 1],
  ] as const)('%s has direction %i', (key, direction) => {
    expect(indicatorOf(key).direction).toBe(direction);
  });

  it('documents the default mapping: current value = direct + added, and the other results', () => {
    const feeding = (r: string) =>
      INDICATORS.filter((i) => (i.feeds as readonly string[]).includes(r)).map((i) => i.key);
    expect(INDICATORS.filter((i) => i.currentPart === 'directValue').map((i) => i.key)).toEqual([
      'avgMonthlyRevenue',
      'dedicatedCost',
      'arrearsMonths',
    ]);
    expect(INDICATORS.filter((i) => i.currentPart === 'addedValue').map((i) => i.key)).toEqual([
      'drivenRevenue',
      'newServiceUsage',
      'bandwidthShare',
    ]);
    expect(feeding('potentialValue').sort()).toEqual(
      [
        'demandForecast',
        'businessCondition',
        'telecomDependence',
        'priceSensitivity',
        'valueChainRole',
      ].sort(),
    );
    expect(feeding('loyalty').sort()).toEqual(
      ['servicesMovedOut', 'satisfaction', 'walletShare', 'relationshipYears', 'reciprocity'].sort(),
    );
    expect(feeding('influence').sort()).toEqual(
      ['socialInfluence', 'valueChainRole', 'drivenRevenue'].sort(),
    );
    for (const i of INDICATORS) expect(i.feeds.length).toBeGreaterThan(0);
  });

  it('the six AM judgements are 1–5 scales', () => {
    expect(INDICATORS.filter((i) => i.kind === 'scale5').map((i) => i.key)).toEqual([
      'priceSensitivity',
      'socialInfluence',
      'businessCondition',
      'valueChainRole',
      'telecomDependence',
      'reciprocity',
    ]);
    expect(ENTERABLE_INDICATORS.map((i) => i.key)).toContain('demandForecast');
    expect(ENTERABLE_INDICATORS.map((i) => i.key)).toContain('servicesMovedOut');
  });

  it('has Chinese and English names', () => {
    for (const i of INDICATORS) {
      expect(i.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(i.en.length).toBeGreaterThan(3);
    }
  });

  it('isIndicatorKey / indicatorOf', () => {
    expect(isIndicatorKey('walletShare')).toBe(true);
    expect(isIndicatorKey('profit')).toBe(false);
    expect(() => indicatorOf('profit' as never)).toThrow();
  });
});

describe('validateIndicatorInput', () => {
  it.each([
    ['reciprocity', 1, null],
    ['reciprocity', 5, null],
    ['reciprocity', 7, 'Must be an integer from 1 to 5'],
    ['reciprocity', 0, 'Must be an integer from 1 to 5'],
    ['reciprocity', 2.5, 'Must be an integer from 1 to 5'],
    ['reciprocity', '3', 'Must be a number'],
    ['demandForecast', 120_000_00, null],
    ['demandForecast', -1, 'Must be a non-negative integer'],
    ['servicesMovedOut', 0, null],
    ['servicesMovedOut', 1.5, 'Must be a non-negative integer'],
  ])('%s = %j → %s', (key, value, message) => {
    const issue = validateIndicatorInput(key, value, `inputs.${key}`);
    if (message === null) expect(issue).toBeNull();
    else expect(issue).toEqual({ field: `inputs.${key}`, message });
  });

  it('refuses unknown and non-manual indicators', () => {
    expect(validateIndicatorInput('profit', 1)?.message).toMatch(/Unknown indicator/);
    expect(validateIndicatorInput('avgMonthlyRevenue', 1)?.message).toMatch(/billing/);
  });
});
