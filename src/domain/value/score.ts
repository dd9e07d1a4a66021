/**
 * Scoring one customer with a value model (PRODUCT.md §2): each indicator normalised to 0–100
 * with its direction, then weighted sums per result and for the total. Missing indicators are
 * listed and EXCLUDED — the remaining weights of that result are renormalised, a missing value is
 * never read as zero; a result whose inputs are all missing is null, and the total renormalises
 * over the results that are not null.
 */
import { INDICATORS, type IndicatorKey, indicatorOf, type ResultKey } from './indicators.ts';
import { usedIndicators, type ValueModelDefinition } from './model.ts';
import { minMaxScore, percentileRank, type QuantileSketch, scale5Score, withDirection } from './normalise.ts';

/** Raw indicator values of one customer; absent, null or non-finite = missing. */
export type IndicatorInputs = Partial<Record<IndicatorKey, number | null | undefined>>;
/** The population sketch of each quantitative indicator. */
export type Population = Partial<Record<IndicatorKey, QuantileSketch | null>>;

export type IndicatorScore = { raw: number; score: number };

export type CustomerScore = {
  /** Normalised 0–100 score (direction applied) of every indicator present and used. */
  scores: Partial<Record<IndicatorKey, IndicatorScore>>;
  /** Used indicators with no value (or no population to rank it in), in catalog order. */
  missing: IndicatorKey[];
  currentValue: number | null;
  directValue: number | null;
  addedValue: number | null;
  potentialValue: number | null;
  loyalty: number | null;
  influence: number | null;
  total: number | null;
};

/**
 * The normalised 0–100 score of one raw value, or null when it cannot be scored (no population
 * sketch for a quantitative indicator).
 * @example normaliseIndicator('reciprocity', 5, {}, DEFAULT_MODEL) // 100
 */
export function normaliseIndicator(
  key: IndicatorKey,
  raw: number,
  population: Population,
  def: ValueModelDefinition,
): number | null {
  const indicator = indicatorOf(key);
  const setting = def.indicators[key];
  let score: number;
  if (indicator.kind === 'scale5' || setting.method === 'scale5') score = scale5Score(raw);
  else {
    const sketch = population[key];
    if (!sketch || sketch.quantiles.length < 2) return null;
    score =
      setting.method === 'percentile'
        ? percentileRank(sketch, raw)
        : minMaxScore(sketch, raw, setting.capLow ?? 0, setting.capHigh ?? 1);
  }
  return withDirection(score, indicator.direction);
}

/** Weighted mean over the present indicators of `keys` (weights renormalised), or null. */
function weightedMean(
  weights: Partial<Record<IndicatorKey, number>>,
  scores: Partial<Record<IndicatorKey, IndicatorScore>>,
  only?: readonly IndicatorKey[],
): number | null {
  let sum = 0;
  let wsum = 0;
  for (const [k, w] of Object.entries(weights) as [IndicatorKey, number][]) {
    if (!(w > 0) || (only && !only.includes(k))) continue;
    const s = scores[k];
    if (!s) continue;
    sum += w * s.score;
    wsum += w;
  }
  return wsum > 0 ? round2(sum / wsum) : null;
}

/**
 * Scores one customer (PRODUCT.md §2). Results and indicator scores are rounded to 0.01.
 * @example
 * scoreCustomer({ socialInfluence: 5, valueChainRole: 3 }, {}, DEFAULT_MODEL).influence
 * // (0.5·100 + 0.3·50) / 0.8 = 81.25 — drivenRevenue is missing and excluded
 */
export function scoreCustomer(
  inputs: IndicatorInputs,
  population: Population,
  def: ValueModelDefinition,
): CustomerScore {
  const scores: Partial<Record<IndicatorKey, IndicatorScore>> = {};
  const missing: IndicatorKey[] = [];
  for (const key of usedIndicators(def)) {
    const raw = inputs[key];
    const score =
      typeof raw === 'number' && Number.isFinite(raw) ? normaliseIndicator(key, raw, population, def) : null;
    if (score === null || typeof raw !== 'number') missing.push(key);
    else scores[key] = { raw, score: round2(score) };
  }
  const results: Record<ResultKey, number | null> = {
    currentValue: weightedMean(def.weights.currentValue, scores),
    potentialValue: weightedMean(def.weights.potentialValue, scores),
    loyalty: weightedMean(def.weights.loyalty, scores),
    influence: weightedMean(def.weights.influence, scores),
  };
  let sum = 0;
  let wsum = 0;
  for (const [r, w] of Object.entries(def.totalWeights) as [ResultKey, number][]) {
    const v = results[r];
    if (v === null || !(w > 0)) continue;
    sum += w * v;
    wsum += w;
  }
  return {
    scores,
    missing,
    currentValue: results.currentValue,
    directValue: weightedMean(def.weights.currentValue, scores, def.currentValueParts.directValue),
    addedValue: weightedMean(def.weights.currentValue, scores, def.currentValueParts.addedValue),
    potentialValue: results.potentialValue,
    loyalty: results.loyalty,
    influence: results.influence,
    total: wsum > 0 ? round2(sum / wsum) : null,
  };
}

/** All 17 indicator keys in catalog order (convenience for callers building inputs). */
export const ALL_INDICATOR_KEYS: readonly IndicatorKey[] = INDICATORS.map((i) => i.key);

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
