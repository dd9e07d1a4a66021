/**
 * Normalisation of indicator values to 0–100 with the indicator's direction applied
 * (PRODUCT.md §2): percentile rank within the population, capped min–max (caps at population
 * percentiles), or 1–5 scales linearly (1 → 0, 5 → 100).
 *
 * The population of one indicator is a QuantileSketch: its values at evenly spaced fractions
 * 0, 1/(n−1), …, 1 (e.g. 101 points = every percentile). It takes constant memory whatever the
 * population size; on PostgreSQL the assessment computes it with
 * `percentile_cont(<sketchFractions(101)>) within group (order by x)`, whose linear interpolation
 * `sketchFromValues` reproduces for arrays.
 */

/** Values of one indicator at evenly spaced fractions 0…1 (ascending), and the population size. */
export type QuantileSketch = { quantiles: readonly number[]; count: number };

/** The default number of sketch points: every percentile. */
export const DEFAULT_SKETCH_POINTS = 101;

/**
 * The fractions 0, 1/(points−1), …, 1 at which a sketch samples the population.
 * @example sketchFractions(5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function sketchFractions(points: number = DEFAULT_SKETCH_POINTS): number[] {
  if (!Number.isInteger(points) || points < 2) throw new Error('a sketch needs at least 2 points');
  return Array.from({ length: points }, (_, i) => i / (points - 1));
}

/**
 * Builds a sketch from plain values (tests, small runs), interpolating like SQL `percentile_cont`.
 * Non-finite values are ignored. Returns null for an empty population.
 * @example sketchFromValues([1, 2, 3, 4, 5], 5).quantiles // [1, 2, 3, 4, 5]
 */
export function sketchFromValues(
  values: readonly number[],
  points: number = DEFAULT_SKETCH_POINTS,
): QuantileSketch | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const quantiles = sketchFractions(points).map((f) => percentileCont(sorted, f));
  return { quantiles, count: sorted.length };
}

/** SQL percentile_cont over an ascending, non-empty array. */
function percentileCont(sorted: readonly number[], fraction: number): number {
  const pos = fraction * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * The population value at `fraction` (0…1), interpolated between the sketch points.
 * @example quantileAt({ quantiles: [0, 10, 20], count: 3 }, 0.25) // 5
 */
export function quantileAt(sketch: QuantileSketch, fraction: number): number {
  const q = sketch.quantiles;
  const n = q.length - 1;
  const f = Math.min(1, Math.max(0, fraction));
  const pos = f * n;
  const lo = Math.floor(pos);
  const hi = Math.min(n, lo + 1);
  const a = q[lo] as number;
  const b = q[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * The percentile rank (0–100) of `value` in the population, by inverse interpolation over the
 * sketch. Ties (a run of equal sketch points) rank at the middle of the run, so a population of
 * equal values ranks everyone 50; below the minimum → 0, above the maximum → 100.
 * @example percentileRank(sketchFromValues([10, 20, 30, 40, 50], 5)!, 30) // 50
 */
export function percentileRank(sketch: QuantileSketch, value: number): number {
  const q = sketch.quantiles;
  const n = q.length - 1;
  const first = q[0] as number;
  const last = q[n] as number;
  if (value < first) return 0;
  if (value > last) return 100;
  // the run of sketch points equal to value, if any
  let lo = -1;
  let hi = -1;
  for (let i = 0; i <= n; i++) {
    if (q[i] === value) {
      if (lo < 0) lo = i;
      hi = i;
    }
  }
  if (lo >= 0) return (((lo + hi) / 2) * 100) / n;
  for (let i = 0; i < n; i++) {
    const a = q[i] as number;
    const b = q[i + 1] as number;
    if (value > a && value < b) return ((i + (value - a) / (b - a)) * 100) / n;
  }
  return 100;
}

/**
 * Capped min–max (0–100): values at or below the `capLow` population quantile score 0, at or
 * above the `capHigh` quantile 100, linear between. When both caps are the same value, a value
 * equal to it scores 50.
 * @example minMaxScore(sketchFromValues([0, 100], 3)!, 25, 0, 1) // 25
 */
export function minMaxScore(sketch: QuantileSketch, value: number, capLow: number, capHigh: number): number {
  const lo = quantileAt(sketch, capLow);
  const hi = quantileAt(sketch, capHigh);
  if (hi <= lo) return value < lo ? 0 : value > hi ? 100 : 50;
  return clamp(((value - lo) / (hi - lo)) * 100);
}

/**
 * A 1–5 judgement linearly to 0–100 (1 → 0, 3 → 50, 5 → 100), clamped.
 * @example scale5Score(4) // 75
 */
export function scale5Score(value: number): number {
  return clamp(((value - 1) / 4) * 100);
}

/**
 * Applies an indicator's direction to a 0–100 score: −1 reverses it (100 − score).
 * @example withDirection(80, -1) // 20
 */
export function withDirection(score: number, direction: 1 | -1): number {
  return direction === 1 ? score : 100 - score;
}

function clamp(x: number): number {
  return Math.min(100, Math.max(0, x));
}
