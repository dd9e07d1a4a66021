/**
 * Customer segmentation (PRODUCT.md §3, seed 000): three matrices, each splitting customers into
 * four quadrants by an x and a y threshold, with the seed's strategy per quadrant. Pure.
 *
 * - value × satisfaction: x = total value score 0–100, y = satisfaction 0–100
 * - value × RSL: x = total value score, y = RSL (own ÷ leading competitor's satisfaction)
 * - share of wallet × satisfaction: x = wallet share 0–1, y = satisfaction
 *
 * A value on the threshold counts as high.
 */
import type { FieldIssue } from '../errors.ts';

export const MATRIX_KINDS = ['valueSatisfaction', 'valueRsl', 'walletSatisfaction'] as const;
export type MatrixKind = (typeof MATRIX_KINDS)[number];

/** Quadrant keys: first word x (high/low), second y — `highLow` is high x, low y. */
export const QUADRANTS = ['highHigh', 'highLow', 'lowHigh', 'lowLow'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export type SegmentThresholds = {
  /** Total value score 0–100 at and above which a customer is "high value". */
  valueScore: number;
  /** Satisfaction 0–100 at and above which a customer is "satisfied". */
  satisfaction: number;
  /** RSL at and above which the service level is at least the competitor's (default 1.0). */
  rsl: number;
  /** Share of wallet 0–1 at and above which the share is "high". */
  walletShare: number;
};

export const DEFAULT_THRESHOLDS: SegmentThresholds = {
  valueScore: 60,
  satisfaction: 80,
  rsl: 1,
  walletShare: 0.5,
};

/**
 * Checks thresholds: scores 0–100, wallet share 0–1, RSL above 0 and at most 10.
 *
 * @example
 * validateThresholds({ valueScore: 120, satisfaction: 80, rsl: 1, walletShare: 1.5 })
 * // → [{ field: 'valueScore', … }, { field: 'walletShare', … }]
 */
export function validateThresholds(t: SegmentThresholds): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const inRange = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
  if (!inRange(t.valueScore, 0, 100)) issues.push({ field: 'valueScore', message: 'a score 0–100' });
  if (!inRange(t.satisfaction, 0, 100)) issues.push({ field: 'satisfaction', message: 'a score 0–100' });
  if (!(Number.isFinite(t.rsl) && t.rsl > 0 && t.rsl <= 10)) {
    issues.push({ field: 'rsl', message: 'a ratio above 0 and at most 10' });
  }
  if (!inRange(t.walletShare, 0, 1)) issues.push({ field: 'walletShare', message: 'a share 0–1' });
  return issues;
}

/**
 * Relative service level: own satisfaction ÷ the leading competitor's. Null when either is
 * missing or the competitor's is 0 (never Infinity or NaN).
 *
 * @example
 * computeRsl(80, 60); // 1.333… (seed 000: "80 vs 60 → RSL 1.33")
 * computeRsl(80, 0); // null
 */
export function computeRsl(
  own: number | null | undefined,
  competitor: number | null | undefined,
): number | null {
  if (own === null || own === undefined || competitor === null || competitor === undefined) return null;
  if (!Number.isFinite(own) || !Number.isFinite(competitor) || competitor <= 0) return null;
  return own / competitor;
}

/** RSL rounded to two decimals for display, as the seed writes it (1.33). */
export function roundRsl(rsl: number | null): number | null {
  return rsl === null ? null : Math.round(rsl * 100) / 100;
}

export type Strategy = { zh: string; en: string; flagged: boolean };

/** The strategy of each quadrant of each matrix; `flagged` marks the quadrants to act on. */
export const STRATEGIES: Record<MatrixKind, Record<Quadrant, Strategy>> = {
  valueSatisfaction: {
    highHigh: { zh: '重点关注,积极巩固', en: 'Focus and consolidate', flagged: false },
    highLow: { zh: '积极争取,防止流失', en: 'Win back, prevent churn', flagged: true },
    lowHigh: { zh: '积极维持', en: 'Maintain', flagged: false },
    lowLow: { zh: '可放弃', en: 'May abandon', flagged: false },
  },
  valueRsl: {
    highHigh: { zh: '保持服务领先,积极巩固', en: 'Keep the service lead, consolidate', flagged: false },
    highLow: {
      zh: '分析RSL低的原因,提供差异化服务,积极争取和维持',
      en: 'Find why RSL is low; differentiate service to win and keep',
      flagged: true,
    },
    lowHigh: { zh: '积极维持', en: 'Maintain', flagged: false },
    lowLow: { zh: '控制投入,择机提升', en: 'Limit spend, improve selectively', flagged: false },
  },
  walletSatisfaction: {
    highHigh: { zh: '巩固份额,深化合作', en: 'Consolidate the share, deepen cooperation', flagged: false },
    highLow: {
      zh: '流失风险:分析不满原因,提升满意度',
      en: 'Churn risk: find the causes, raise satisfaction',
      flagged: true,
    },
    lowHigh: { zh: '交叉销售,提升钱包份额', en: 'Cross-sell to raise the share of wallet', flagged: false },
    lowLow: {
      zh: '流失风险:寻求有效对策,防止离网',
      en: 'Churn risk: find remedies, prevent leaving',
      flagged: true,
    },
  },
};

/** The x and y thresholds of a matrix. */
export function axisThresholds(kind: MatrixKind, t: SegmentThresholds): { x: number; y: number } {
  switch (kind) {
    case 'valueSatisfaction':
      return { x: t.valueScore, y: t.satisfaction };
    case 'valueRsl':
      return { x: t.valueScore, y: t.rsl };
    case 'walletSatisfaction':
      return { x: t.walletShare, y: t.satisfaction };
  }
}

/** One customer's facts as the matrices read them (any may be missing). */
export type SegmentFacts = {
  total: number | null;
  satisfaction: number | null;
  competitorSatisfaction: number | null;
  walletShare: number | null;
};

/**
 * The x/y point of a customer on a matrix, or null when a coordinate is missing (such a customer
 * is counted as missing, never plotted at 0).
 *
 * @example
 * pointFor('valueRsl', { total: 72, satisfaction: 80, competitorSatisfaction: 60, walletShare: null })
 * // → { x: 72, y: 1.333… }
 */
export function pointFor(kind: MatrixKind, facts: SegmentFacts): { x: number; y: number } | null {
  const y =
    kind === 'valueRsl' ? computeRsl(facts.satisfaction, facts.competitorSatisfaction) : facts.satisfaction;
  const x = kind === 'walletSatisfaction' ? facts.walletShare : facts.total;
  if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return { x, y };
}

/** A fact a matrix needs and a customer lacks: `valueScore` is the latest assessment's total. */
export type MissingFact = 'valueScore' | 'satisfaction' | 'competitorSatisfaction' | 'walletShare';

/**
 * What keeps a customer off a matrix (PRODUCT.md §3): the facts that matrix needs and the customer
 * lacks; [] exactly when `pointFor` gives a point. A competitor satisfaction of 0 counts as
 * missing for RSL (RSL would be infinite).
 *
 * @example
 * computeMissingFacts('valueRsl', { total: null, satisfaction: 80, competitorSatisfaction: 0, walletShare: null })
 * // → ['valueScore', 'competitorSatisfaction']
 */
export function computeMissingFacts(kind: MatrixKind, facts: SegmentFacts): MissingFact[] {
  const absent = (n: number | null) => n === null || !Number.isFinite(n);
  const missing: MissingFact[] = [];
  if (kind === 'walletSatisfaction') {
    if (absent(facts.walletShare)) missing.push('walletShare');
  } else if (absent(facts.total)) missing.push('valueScore');
  if (absent(facts.satisfaction)) missing.push('satisfaction');
  if (
    kind === 'valueRsl' &&
    (absent(facts.competitorSatisfaction) || (facts.competitorSatisfaction as number) <= 0)
  ) {
    missing.push('competitorSatisfaction');
  }
  return missing;
}

/**
 * The quadrant of a point; values on a threshold count as high.
 *
 * @example
 * classify('valueSatisfaction', { x: 85, y: 62 }, DEFAULT_THRESHOLDS); // 'highLow' (积极争取,防止流失)
 */
export function classify(kind: MatrixKind, point: { x: number; y: number }, t: SegmentThresholds): Quadrant {
  const th = axisThresholds(kind, t);
  const x = point.x >= th.x ? 'high' : 'low';
  const y = point.y >= th.y ? 'High' : 'Low';
  return `${x}${y}` as Quadrant;
}

export type QuadrantSummary = { key: Quadrant; count: number; strategy: Strategy; flagged: boolean };

/**
 * Counts per quadrant (all four, in QUADRANTS order) with each quadrant's strategy.
 *
 * @example
 * summariseQuadrants('valueSatisfaction', ['highHigh', 'highHigh', 'lowLow'])[0] // → { key: 'highHigh', count: 2, … }
 */
export function summariseQuadrants(kind: MatrixKind, quadrants: readonly Quadrant[]): QuadrantSummary[] {
  return QUADRANTS.map((key) => {
    const strategy = STRATEGIES[kind][key];
    return { key, count: quadrants.filter((q) => q === key).length, strategy, flagged: strategy.flagged };
  });
}
