/**
 * Why a total (PRODUCT.md §2, "results per customer with each indicator's normalised score, so a
 * user can see why"): each scored indicator's share of the total and the points it brought.
 * The total is a weighted mean of the results, each a weighted mean of its indicators, both over
 * what is present (`scoreCustomer`). So an indicator's effective weight in the total is
 *   Σ over the results r it feeds of  (W_r / ΣW present) × (w_r,k / Σw_r present),
 * its contribution is weight × score, and the contributions add up to the total (to rounding).
 */
import { INDICATORS, type IndicatorKey, RESULT_KEYS } from './indicators.ts';
import type { ValueModelDefinition } from './model.ts';
import type { IndicatorScore } from './score.ts';

export type IndicatorContribution = {
  indicator: IndicatorKey;
  raw: number;
  /** The normalised 0–100 score. */
  score: number;
  /** Its effective weight in the total, 0–1 (the weights of the present indicators sum to 1). */
  weight: number;
  /** weight × score: the points of the total it brought (0.01). */
  contribution: number;
};

/**
 * The contribution of each scored indicator to the total, in catalog order; empty when nothing
 * was scored or the definition lacks weights. Missing indicators have no weight (they are
 * excluded, never read as zero) and are not listed.
 * @example
 * explainTotal({ socialInfluence: { raw: 5, score: 100 } }, DEFAULT_MODEL)
 * // [{ indicator: 'socialInfluence', raw: 5, score: 100, weight: 1, contribution: 100 }]
 */
export function explainTotal(
  scores: Partial<Record<IndicatorKey, IndicatorScore>>,
  def: Pick<ValueModelDefinition, 'weights' | 'totalWeights'>,
): IndicatorContribution[] {
  if (!def?.weights || !def.totalWeights) return [];
  const weight = new Map<IndicatorKey, number>();
  const present: { r: (typeof RESULT_KEYS)[number]; w: number; sum: number }[] = [];
  for (const r of RESULT_KEYS) {
    const w = def.totalWeights[r];
    if (!(typeof w === 'number' && w > 0)) continue;
    let sum = 0;
    for (const [k, wk] of Object.entries(def.weights[r] ?? {}) as [IndicatorKey, number][]) {
      if (wk > 0 && scores[k]) sum += wk;
    }
    if (sum > 0) present.push({ r, w, sum });
  }
  const total = present.reduce((acc, p) => acc + p.w, 0);
  for (const { r, w, sum } of present) {
    for (const [k, wk] of Object.entries(def.weights[r] ?? {}) as [IndicatorKey, number][]) {
      if (!(wk > 0) || !scores[k]) continue;
      weight.set(k, (weight.get(k) ?? 0) + (w / total) * (wk / sum));
    }
  }
  const out: IndicatorContribution[] = [];
  for (const { key } of INDICATORS) {
    const s = scores[key];
    const w = weight.get(key);
    if (!s || w === undefined) continue;
    out.push({
      indicator: key,
      raw: s.raw,
      score: s.score,
      weight: Math.round(w * 10_000) / 10_000,
      contribution: Math.round(w * s.score * 100) / 100,
    });
  }
  return out;
}
