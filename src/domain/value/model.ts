/**
 * The value model (PRODUCT.md §2): how each indicator is normalised, the weights of the
 * indicators in each result, the weights of the results in the total score, and the tier cut
 * points. A model is stored as one JSON definition per version; `validateModel` names every
 * problem by field path.
 */
import type { FieldIssue } from '../errors.ts';
import type { TierScheme } from '../tiers/scheme.ts';
import { type AhpBases, validateAhpBases } from './ahp-basis.ts';
import { INDICATORS, type IndicatorKey, isIndicatorKey, RESULT_KEYS, type ResultKey } from './indicators.ts';

/**
 * 'percentile': percentile rank in the population; 'minmax': capped min–max with caps at the
 * population quantiles `capLow`/`capHigh` (fractions, e.g. 0.05/0.95); 'scale5': 1–5 linearly
 * (the only method for 1–5 indicators, and only for them).
 */
export type NormalisationMethod = 'percentile' | 'minmax' | 'scale5';
export const NORMALISATION_METHODS: readonly NormalisationMethod[] = ['percentile', 'minmax', 'scale5'];

export type IndicatorSetting = { method: NormalisationMethod; capLow?: number; capHigh?: number };

export type TierMethod = 'threshold' | 'quota';

/**
 * Tier cut points. `cuts` run from the highest class down and have one entry fewer than the
 * classes (telecom: 5A, 4A, 3A, 2A — the rest 1A; mobile: A, B — the rest C).
 * - threshold: minimum total scores, strictly decreasing, each in (0, 100];
 * - quota: CUMULATIVE top fractions of the ranked population, strictly increasing, each in (0, 1)
 *   (e.g. [0.02, 0.10, …] = top 2 % 5A, next 8 % 4A, …).
 * `graceRuns`: further assessments that must confirm a downgrade before it is proposed.
 */
export type TieringSettings = {
  scheme: TierScheme;
  method: TierMethod;
  cuts: number[];
  graceRuns: number;
};

export type ValueModelDefinition = {
  indicators: Record<IndicatorKey, IndicatorSetting>;
  /** Weight of each indicator in each result; each result's weights sum to 1. 0 or absent = not used. */
  weights: Record<ResultKey, Partial<Record<IndicatorKey, number>>>;
  /** How current value splits into direct value (直接价值) and added value (附加价值). */
  currentValueParts: { directValue: IndicatorKey[]; addedValue: IndicatorKey[] };
  /** Weights of the four results in the total score; sum to 1. */
  totalWeights: Record<ResultKey, number>;
  tiering: TieringSettings;
  /**
   * The pairwise matrices (and their CR) the AHP wizard applied, per weight group it set:
   * the basis of those weights. Absent for weights set by hand.
   */
  ahp?: AhpBases;
};

/** Tolerance for weights summing to 1. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/** Number of cut points per scheme (classes − 1). */
export const CUT_COUNT: Record<TierScheme, number> = { telecom: 4, mobile: 2 };

/** Default thresholds and quotas per scheme (administrators change them). */
export const DEFAULT_CUTS: Record<TierScheme, Record<TierMethod, number[]>> = {
  telecom: { threshold: [80, 65, 50, 35], quota: [0.02, 0.1, 0.25, 0.5] },
  mobile: { threshold: [75, 50], quota: [0.1, 0.4] },
};

function defaultSettings(): Record<IndicatorKey, IndicatorSetting> {
  const entries = INDICATORS.map((i): [IndicatorKey, IndicatorSetting] => {
    if (i.kind === 'scale5') return [i.key, { method: 'scale5' }];
    // skewed money and counts: percentile rank; bounded or sparse ones: capped min–max
    if (i.key === 'avgMonthlyRevenue' || i.key === 'demandForecast' || i.key === 'drivenRevenue') {
      return [i.key, { method: 'percentile' }];
    }
    if (i.key === 'arrearsMonths' || i.key === 'servicesMovedOut') {
      return [i.key, { method: 'minmax', capLow: 0, capHigh: 0.99 }];
    }
    return [i.key, { method: 'minmax', capLow: 0.05, capHigh: 0.95 }];
  });
  return Object.fromEntries(entries) as Record<IndicatorKey, IndicatorSetting>;
}

/**
 * The shipped model (version 1): the indicator → result mapping of `indicators.ts`, current value
 * 40 %, potential 25 %, loyalty 20 %, influence 15 %, telecom scheme with thresholds
 * 5A ≥ 80, 4A ≥ 65, 3A ≥ 50, 2A ≥ 35, else 1A, and one grace run for downgrades.
 */
export const DEFAULT_MODEL: ValueModelDefinition = {
  indicators: defaultSettings(),
  weights: {
    currentValue: {
      avgMonthlyRevenue: 0.35,
      dedicatedCost: 0.1,
      arrearsMonths: 0.1,
      drivenRevenue: 0.15,
      newServiceUsage: 0.15,
      bandwidthShare: 0.15,
    },
    potentialValue: {
      demandForecast: 0.3,
      businessCondition: 0.2,
      telecomDependence: 0.2,
      priceSensitivity: 0.15,
      valueChainRole: 0.15,
    },
    loyalty: {
      servicesMovedOut: 0.2,
      satisfaction: 0.25,
      walletShare: 0.25,
      relationshipYears: 0.15,
      reciprocity: 0.15,
    },
    influence: { socialInfluence: 0.5, valueChainRole: 0.3, drivenRevenue: 0.2 },
  },
  currentValueParts: {
    directValue: ['avgMonthlyRevenue', 'dedicatedCost', 'arrearsMonths'],
    addedValue: ['drivenRevenue', 'newServiceUsage', 'bandwidthShare'],
  },
  totalWeights: { currentValue: 0.4, potentialValue: 0.25, loyalty: 0.2, influence: 0.15 },
  tiering: {
    scheme: 'telecom',
    method: 'threshold',
    cuts: [...DEFAULT_CUTS.telecom.threshold],
    graceRuns: 1,
  },
};

/**
 * Indicators with a positive weight in some result (the ones an assessment needs).
 * @example usedIndicators(DEFAULT_MODEL).length // 17
 */
export function usedIndicators(def: ValueModelDefinition): IndicatorKey[] {
  const used = new Set<IndicatorKey>();
  for (const r of RESULT_KEYS) {
    for (const [k, w] of Object.entries(def.weights[r] ?? {})) {
      if (isIndicatorKey(k) && typeof w === 'number' && w > 0) used.add(k);
    }
  }
  return INDICATORS.map((i) => i.key).filter((k) => used.has(k));
}

/**
 * Used indicators normalised against the population (percentile or min–max): the assessment
 * computes a QuantileSketch for each of these.
 */
export function populationIndicators(def: ValueModelDefinition): IndicatorKey[] {
  return usedIndicators(def).filter((k) => def.indicators[k]?.method !== 'scale5');
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every problem of a model definition, by field path (PRODUCT.md §2): each indicator known and
 * given a known method fitting its kind (min–max caps 0 ≤ capLow < capHigh ≤ 1); weights
 * non-negative, of known indicators, summing to 1 per result and in the total (within 1e-6);
 * the direct/added split of current value covering exactly its weighted indicators; cut points
 * matching the scheme and method and monotonic; graceRuns a non-negative integer; the optional
 * AHP matrices square, reciprocal, CR < 0.10 and giving the weights stored (`validateAhpBases`).
 * Defensive about shape: it accepts any JSON value.
 * @example validateModel(DEFAULT_MODEL) // []
 */
export function validateModel(input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  if (!isObject(input)) return [{ field: 'definition', message: 'Must be an object' }];
  const def = input as Record<string, unknown>;

  // indicators
  const settings = def.indicators;
  if (!isObject(settings)) add('indicators', 'Must be an object of indicator settings');
  else {
    for (const key of Object.keys(settings)) {
      if (!isIndicatorKey(key)) add(`indicators.${key}`, 'Unknown indicator');
    }
    for (const ind of INDICATORS) {
      const f = `indicators.${ind.key}`;
      const s = settings[ind.key];
      if (!isObject(s)) {
        add(f, 'Missing indicator setting');
        continue;
      }
      const method = s.method;
      if (!NORMALISATION_METHODS.includes(method as NormalisationMethod)) {
        add(`${f}.method`, 'Unknown method (percentile, minmax or scale5)');
      } else if (ind.kind === 'scale5' && method !== 'scale5') {
        add(`${f}.method`, 'A 1–5 indicator is normalised linearly (scale5)');
      } else if (ind.kind !== 'scale5' && method === 'scale5') {
        add(`${f}.method`, 'Only 1–5 indicators use scale5');
      }
      if (method === 'minmax') {
        const lo = s.capLow;
        const hi = s.capHigh;
        if (typeof lo !== 'number' || lo < 0 || lo >= 1) {
          add(`${f}.capLow`, 'Must be a population fraction 0 ≤ capLow < 1');
        }
        if (typeof hi !== 'number' || hi <= 0 || hi > 1) {
          add(`${f}.capHigh`, 'Must be a population fraction 0 < capHigh ≤ 1');
        }
        if (typeof lo === 'number' && typeof hi === 'number' && lo >= hi) {
          add(`${f}.capHigh`, 'Must be greater than capLow');
        }
      }
    }
  }

  // weights per result
  const weights = def.weights;
  if (!isObject(weights)) add('weights', 'Must be an object of weights per result');
  else {
    for (const key of Object.keys(weights)) {
      if (!RESULT_KEYS.includes(key as ResultKey)) add(`weights.${key}`, 'Unknown result');
    }
    for (const r of RESULT_KEYS) {
      const w = weights[r];
      if (!isObject(w)) {
        add(`weights.${r}`, 'Missing weights');
        continue;
      }
      let sum = 0;
      let bad = false;
      for (const [k, v] of Object.entries(w)) {
        if (!isIndicatorKey(k)) {
          add(`weights.${r}.${k}`, 'Unknown indicator');
          bad = true;
        } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
          add(`weights.${r}.${k}`, 'Must be a non-negative number');
          bad = true;
        } else sum += v;
      }
      if (!bad && Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
        add(`weights.${r}`, `Weights must sum to 1 (they sum to ${round(sum)})`);
      }
    }
  }

  // direct / added split of current value
  const parts = def.currentValueParts;
  if (!isObject(parts)) add('currentValueParts', 'Must be {directValue, addedValue}');
  else {
    const seen = new Set<string>();
    for (const part of ['directValue', 'addedValue'] as const) {
      const list = parts[part];
      if (!Array.isArray(list)) {
        add(`currentValueParts.${part}`, 'Must be a list of indicators');
        continue;
      }
      list.forEach((k: unknown, i) => {
        const f = `currentValueParts.${part}[${i}]`;
        if (!isIndicatorKey(k)) add(f, 'Unknown indicator');
        else if (seen.has(k)) add(f, 'Indicator is in both direct and added value');
        else seen.add(k);
      });
    }
    if (isObject(weights) && isObject(weights.currentValue)) {
      for (const [k, v] of Object.entries(weights.currentValue)) {
        if (isIndicatorKey(k) && typeof v === 'number' && v > 0 && !seen.has(k)) {
          add(`currentValueParts`, `'${k}' is weighted in current value but in neither part`);
        }
      }
    }
  }

  // total
  const total = def.totalWeights;
  if (!isObject(total)) add('totalWeights', 'Must be an object of weights per result');
  else {
    let sum = 0;
    let bad = false;
    for (const key of Object.keys(total)) {
      if (!RESULT_KEYS.includes(key as ResultKey)) {
        add(`totalWeights.${key}`, 'Unknown result');
        bad = true;
      }
    }
    for (const r of RESULT_KEYS) {
      const v = total[r];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        add(`totalWeights.${r}`, 'Must be a non-negative number');
        bad = true;
      } else sum += v;
    }
    if (!bad && Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      add('totalWeights', `Weights must sum to 1 (they sum to ${round(sum)})`);
    }
  }

  // tiering
  const t = def.tiering;
  if (!isObject(t)) add('tiering', 'Must be {scheme, method, cuts, graceRuns}');
  else {
    const scheme = t.scheme;
    const method = t.method;
    if (scheme !== 'telecom' && scheme !== 'mobile') {
      add('tiering.scheme', "Must be 'telecom' (1A–5A) or 'mobile' (A/B/C)");
    }
    if (method !== 'threshold' && method !== 'quota') {
      add('tiering.method', "Must be 'threshold' or 'quota'");
    }
    const cuts = t.cuts;
    if (!Array.isArray(cuts)) add('tiering.cuts', 'Must be a list of cut points');
    else if ((scheme === 'telecom' || scheme === 'mobile') && cuts.length !== CUT_COUNT[scheme]) {
      add('tiering.cuts', `The ${scheme} scheme needs ${CUT_COUNT[scheme]} cut points`);
    } else {
      cuts.forEach((c: unknown, i) => {
        const f = `tiering.cuts[${i}]`;
        if (typeof c !== 'number' || !Number.isFinite(c)) {
          add(f, 'Must be a number');
          return;
        }
        if (method === 'threshold' && (c <= 0 || c > 100)) add(f, 'A score threshold is in (0, 100]');
        if (method === 'quota' && (c <= 0 || c >= 1)) add(f, 'A quota is a fraction in (0, 1)');
        const prev = cuts[i - 1];
        if (i > 0 && typeof prev === 'number') {
          if (method === 'threshold' && c >= prev) {
            add(f, `Thresholds must decrease (must be below ${prev})`);
          }
          if (method === 'quota' && c <= prev) {
            add(f, `Cumulative quotas must increase (must be above ${prev})`);
          }
        }
      });
    }
    const g = t.graceRuns;
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g > 12) {
      add('tiering.graceRuns', 'Must be an integer from 0 to 12');
    }
  }

  // the basis of AHP weights
  if (def.ahp !== undefined) issues.push(...validateAhpBases(def.ahp, def.weights, def.totalWeights));
  return issues;
}

/**
 * The weights of one result as a full vector over its indicators (absent → 0), for display.
 * @example resultWeights(DEFAULT_MODEL, 'influence').socialInfluence // 0.5
 */
export function resultWeights(
  def: ValueModelDefinition,
  result: ResultKey,
): Partial<Record<IndicatorKey, number>> {
  const out: Partial<Record<IndicatorKey, number>> = {};
  for (const [k, v] of Object.entries(def.weights[result] ?? {})) {
    if (isIndicatorKey(k) && typeof v === 'number' && v > 0) out[k] = v;
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
