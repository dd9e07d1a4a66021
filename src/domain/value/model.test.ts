import { describe, expect, it } from 'vitest';
import { INDICATORS } from './indicators.ts';
import {
  DEFAULT_MODEL,
  populationIndicators,
  resultWeights,
  usedIndicators,
  type ValueModelDefinition,
  validateModel,
} from './model.ts';

const copy = (): ValueModelDefinition => structuredClone(DEFAULT_MODEL);
const fields = (def: unknown) => validateModel(def).map((i) => i.field);

describe('DEFAULT_MODEL', () => {
  it('is valid and uses all 17 indicators', () => {
    expect(validateModel(DEFAULT_MODEL)).toEqual([]);
    expect(usedIndicators(DEFAULT_MODEL)).toHaveLength(17);
  });

  it('follows the documented indicator → result mapping', () => {
    for (const i of INDICATORS) {
      for (const r of i.feeds) expect(DEFAULT_MODEL.weights[r][i.key]).toBeGreaterThan(0);
    }
    expect(DEFAULT_MODEL.currentValueParts.directValue).toEqual(
      INDICATORS.filter((i) => i.currentPart === 'directValue').map((i) => i.key),
    );
  });

  it('defaults: telecom thresholds 80/65/50/35, one grace run', () => {
    expect(DEFAULT_MODEL.tiering).toEqual({
      scheme: 'telecom',
      method: 'threshold',
      cuts: [80, 65, 50, 35],
      graceRuns: 1,
    });
  });

  it('population indicators are the quantitative ones', () => {
    const keys = populationIndicators(DEFAULT_MODEL);
    expect(keys).toHaveLength(11);
    expect(keys).not.toContain('reciprocity');
    expect(keys).toContain('avgMonthlyRevenue');
  });

  it('resultWeights lists the positive weights', () => {
    expect(resultWeights(DEFAULT_MODEL, 'influence')).toEqual({
      socialInfluence: 0.5,
      valueChainRole: 0.3,
      drivenRevenue: 0.2,
    });
  });
});

describe('validateModel names the field', () => {
  it('weights not summing to 1', () => {
    const d = copy();
    d.weights.loyalty.satisfaction = 0.5;
    expect(fields(d)).toEqual(['weights.loyalty']);
    expect(validateModel(d)[0]?.message).toMatch(/sum to 1 \(they sum to 1.25\)/);
  });

  it('accepts sums within 1e-6', () => {
    const d = copy();
    d.weights.influence = { socialInfluence: 1 / 3, valueChainRole: 1 / 3, drivenRevenue: 1 / 3 };
    expect(validateModel(d)).toEqual([]);
  });

  it('negative weight', () => {
    const d = copy();
    d.weights.influence = { socialInfluence: 1.2, valueChainRole: -0.2 };
    expect(fields(d)).toEqual(['weights.influence.valueChainRole']);
  });

  it('unknown indicator in weights and settings', () => {
    const d = copy() as unknown as Record<string, Record<string, Record<string, unknown>>>;
    (d.weights as Record<string, Record<string, unknown>>).loyalty = { profit: 1 };
    (d.indicators as Record<string, unknown>).profit = { method: 'percentile' };
    expect(fields(d)).toEqual(['indicators.profit', 'weights.loyalty.profit']);
  });

  it('unknown method and wrong method for the kind', () => {
    const d = copy();
    (d.indicators.avgMonthlyRevenue as { method: string }).method = 'zscore';
    d.indicators.reciprocity = { method: 'percentile' };
    d.indicators.satisfaction = { method: 'scale5' };
    expect(fields(d)).toEqual([
      'indicators.avgMonthlyRevenue.method',
      'indicators.satisfaction.method',
      'indicators.reciprocity.method',
    ]);
  });

  it('min–max caps', () => {
    const d = copy();
    d.indicators.bandwidthShare = { method: 'minmax', capLow: 0.9, capHigh: 0.1 };
    d.indicators.dedicatedCost = { method: 'minmax', capLow: -0.1, capHigh: 1.5 };
    expect(fields(d)).toEqual([
      'indicators.dedicatedCost.capLow',
      'indicators.dedicatedCost.capHigh',
      'indicators.bandwidthShare.capHigh',
    ]);
  });

  it('missing indicator setting', () => {
    const d = copy() as unknown as { indicators: Record<string, unknown> };
    delete d.indicators.walletShare;
    expect(fields(d)).toEqual(['indicators.walletShare']);
  });

  it('total weights', () => {
    const d = copy();
    d.totalWeights.influence = 0.5;
    expect(fields(d)).toEqual(['totalWeights']);
    const e = copy() as unknown as { totalWeights: Record<string, unknown> };
    e.totalWeights.loyalty = 'x';
    expect(fields(e)).toEqual(['totalWeights.loyalty']);
  });

  it('current value parts must cover the weighted indicators, disjointly', () => {
    const d = copy();
    d.currentValueParts.addedValue = ['drivenRevenue', 'newServiceUsage', 'avgMonthlyRevenue'];
    expect(fields(d)).toEqual(['currentValueParts.addedValue[2]', 'currentValueParts']);
  });

  it('threshold cut points must decrease', () => {
    const d = copy();
    d.tiering.cuts = [80, 85, 50, 35];
    expect(fields(d)).toEqual(['tiering.cuts[1]']);
  });

  it('quota cut points must increase and be fractions', () => {
    const d = copy();
    d.tiering.method = 'quota';
    d.tiering.cuts = [0.02, 0.1, 0.25, 0.5];
    expect(validateModel(d)).toEqual([]);
    d.tiering.cuts = [0.02, 0.01, 0.25, 1.5];
    expect(fields(d)).toEqual(['tiering.cuts[1]', 'tiering.cuts[3]']);
  });

  it('cut count follows the scheme', () => {
    const d = copy();
    d.tiering.scheme = 'mobile';
    expect(fields(d)).toEqual(['tiering.cuts']);
    d.tiering.cuts = [75, 50];
    expect(validateModel(d)).toEqual([]);
  });

  it('unknown scheme, method and grace runs', () => {
    const d = copy() as unknown as { tiering: Record<string, unknown> };
    d.tiering.scheme = 'gold';
    d.tiering.method = 'vote';
    d.tiering.graceRuns = -1;
    expect(fields(d)).toEqual(['tiering.scheme', 'tiering.method', 'tiering.graceRuns']);
  });

  it('not an object', () => {
    expect(fields(null)).toEqual(['definition']);
    expect(fields({})).toEqual(['indicators', 'weights', 'currentValueParts', 'totalWeights', 'tiering']);
  });
});
