/** Small pure helpers of the value model page (labels, sums, tier classes). */
import type {
  AhpGroup,
  Indicator,
  IndicatorKey,
  ResultKey,
  TierScheme,
  ValueModelDefinition,
} from '../../api/value';

/** The indicator's name in the UI language. */
export function indicatorName(indicator: Pick<Indicator, 'zh' | 'en'>, language: string): string {
  return language.startsWith('zh') ? indicator.zh : indicator.en;
}

/** Sum of a weight map (absent → 0). */
export function weightSum(weights: Partial<Record<string, number>>): number {
  return Object.values(weights).reduce<number>((s, w) => s + (typeof w === 'number' ? w : 0), 0);
}

/** Whether a sum is 1 within the server's tolerance (1e-6). */
export function sumsToOne(sum: number): boolean {
  return Math.abs(sum - 1) <= 1e-6;
}

/** Shows a weight or sum with up to 4 decimals. */
export function formatWeight(w: number): string {
  return String(Math.round(w * 10_000) / 10_000);
}

/** Classes of a scheme from the highest down. */
export function classesOf(scheme: TierScheme): string[] {
  return scheme === 'telecom' ? ['5A', '4A', '3A', '2A', '1A'] : ['A', 'B', 'C'];
}

/** The class a total (threshold) or a rank share 0–1 (quota) falls into. */
export function classFor(
  tiering: ValueModelDefinition['tiering'],
  total: number,
  rankFraction: number,
): string {
  const classes = classesOf(tiering.scheme);
  for (let i = 0; i < tiering.cuts.length; i++) {
    const cut = tiering.cuts[i] ?? 0;
    if (tiering.method === 'threshold' ? total >= cut : rankFraction < cut) return classes[i] ?? '';
  }
  return classes[classes.length - 1] ?? '';
}

/** Whether the cut points are monotonic and in range for their method. */
export function cutsValid(tiering: ValueModelDefinition['tiering']): boolean {
  const { cuts, method } = tiering;
  return cuts.every((c, i) => {
    if (!Number.isFinite(c)) return false;
    if (method === 'threshold' && (c <= 0 || c > 100)) return false;
    if (method === 'quota' && (c <= 0 || c >= 1)) return false;
    const prev = cuts[i - 1];
    if (i === 0 || prev === undefined) return true;
    return method === 'threshold' ? c < prev : c > prev;
  });
}

/** Default cut points per scheme and method (as the server's DEFAULT_CUTS). */
export const DEFAULT_CUTS: Record<TierScheme, Record<'threshold' | 'quota', number[]>> = {
  telecom: { threshold: [80, 65, 50, 35], quota: [0.02, 0.1, 0.25, 0.5] },
  mobile: { threshold: [75, 50], quota: [0.1, 0.4] },
};

/** Indicators the AHP wizard compares for one result: those weighted in it, else the default mapping. */
export function indicatorsOfResult(
  def: ValueModelDefinition,
  indicators: readonly Indicator[],
  result: ResultKey,
): IndicatorKey[] {
  const weighted = indicators.filter((i) => (def.weights[result]?.[i.key] ?? 0) > 0).map((i) => i.key);
  if (weighted.length > 0) return weighted;
  return indicators.filter((i) => i.feeds.includes(result)).map((i) => i.key);
}

/**
 * `next` without the AHP matrices of the groups whose weights changed from `previous` (a hand
 * edit makes the stored matrix no longer their basis; the server would refuse the mismatch), and
 * the groups dropped.
 */
export function dropStaleAhp(
  previous: ValueModelDefinition,
  next: ValueModelDefinition,
): { definition: ValueModelDefinition; dropped: AhpGroup[] } {
  if (!next.ahp) return { definition: next, dropped: [] };
  const weightsOf = (def: ValueModelDefinition, group: AhpGroup) =>
    JSON.stringify(group === 'total' ? def.totalWeights : def.weights[group]);
  const dropped = (Object.keys(next.ahp) as AhpGroup[]).filter(
    (group) => weightsOf(previous, group) !== weightsOf(next, group),
  );
  if (dropped.length === 0) return { definition: next, dropped };
  const ahp = { ...next.ahp };
  for (const group of dropped) delete ahp[group];
  const { ahp: _all, ...rest } = next;
  return { definition: Object.keys(ahp).length === 0 ? rest : { ...rest, ahp }, dropped };
}
