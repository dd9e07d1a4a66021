import { describe, expect, it } from 'vitest';
import { explainTotal } from './explain.ts';
import { DEFAULT_MODEL } from './model.ts';
import { scoreCustomer } from './score.ts';

describe('explainTotal (PRODUCT.md §2: why this total)', () => {
  it('one indicator present: it carries the whole total', () => {
    expect(explainTotal({ socialInfluence: { raw: 5, score: 100 } }, DEFAULT_MODEL)).toEqual([
      { indicator: 'socialInfluence', raw: 5, score: 100, weight: 1, contribution: 100 },
    ]);
  });

  it('weights renormalise over the present indicators and results, and the contributions add up to the total', () => {
    const inputs = {
      socialInfluence: 4,
      valueChainRole: 3,
      reciprocity: 5,
      businessCondition: 2,
      telecomDependence: 4,
      priceSensitivity: 2,
    };
    const scored = scoreCustomer(inputs, {}, DEFAULT_MODEL);
    const rows = explainTotal(scored.scores, DEFAULT_MODEL);
    expect(rows.map((r) => r.indicator)).toEqual([
      'priceSensitivity',
      'socialInfluence',
      'businessCondition',
      'valueChainRole',
      'telecomDependence',
      'reciprocity',
    ]);
    const weights = rows.reduce((sum, r) => sum + r.weight, 0);
    expect(weights).toBeCloseTo(1, 3);
    const points = rows.reduce((sum, r) => sum + r.contribution, 0);
    expect(points).toBeCloseTo(scored.total!, 1);
    // valueChainRole feeds potential value AND influence: both shares add up
    // totals present: potential 0.25, loyalty 0.2, influence 0.15 → /0.6
    // potential: valueChainRole 0.15 of (0.2+0.2+0.15+0.15)=0.7; influence: 0.3 of 0.8
    const vcr = rows.find((r) => r.indicator === 'valueChainRole')!;
    expect(vcr.weight).toBeCloseTo((0.25 / 0.6) * (0.15 / 0.7) + (0.15 / 0.6) * (0.3 / 0.8), 4);
    // reciprocity is alone in loyalty: the whole loyalty share
    expect(rows.find((r) => r.indicator === 'reciprocity')!.weight).toBeCloseTo(0.2 / 0.6, 4);
  });

  it('nothing scored, or a definition without weights: no rows', () => {
    expect(explainTotal({}, DEFAULT_MODEL)).toEqual([]);
    expect(explainTotal({ reciprocity: { raw: 5, score: 100 } }, {} as never)).toEqual([]);
  });
});
