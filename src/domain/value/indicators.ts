/**
 * The seventeen key-account value indicators of PRODUCT.md §2 (seed 001, 大客户价值评估指标设计:
 * 客户贡献类 4 项, 客户特征类 8 项, 客户关系类 5 项) with their direction, usual source and kind.
 *
 * `feeds` documents the DEFAULT mapping of indicators to results (the default model's weights
 * follow it; an administrator may change the weights, and with them the mapping):
 * - currentValue (当前价值) = directValue (直接价值: avgMonthlyRevenue, dedicatedCost −, arrearsMonths −)
 *   + addedValue (附加价值: drivenRevenue, newServiceUsage, bandwidthShare)
 * - potentialValue (潜在价值): demandForecast, businessCondition, telecomDependence,
 *   priceSensitivity −, valueChainRole
 * - loyalty (忠诚度): servicesMovedOut −, satisfaction, walletShare, relationshipYears, reciprocity
 * - influence (影响力): socialInfluence, valueChainRole, drivenRevenue
 */
import type { FieldIssue } from '../errors.ts';

export const INDICATOR_KEYS = [
  'avgMonthlyRevenue',
  'drivenRevenue',
  'dedicatedCost',
  'arrearsMonths',
  'priceSensitivity',
  'newServiceUsage',
  'bandwidthShare',
  'socialInfluence',
  'businessCondition',
  'demandForecast',
  'valueChainRole',
  'telecomDependence',
  'servicesMovedOut',
  'satisfaction',
  'walletShare',
  'relationshipYears',
  'reciprocity',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export type IndicatorGroup = 'contribution' | 'characteristics' | 'relationship';
export type IndicatorSource = 'billing' | 'manual' | 'survey' | 'profile';
/** 'quantitative' values are normalised against the population; 'scale5' are 1–5 judgements. */
export type IndicatorKind = 'quantitative' | 'scale5';
/** The four results an indicator can feed (currentValue splits into direct and added value). */
export type ResultKey = 'currentValue' | 'potentialValue' | 'loyalty' | 'influence';
export const RESULT_KEYS: readonly ResultKey[] = ['currentValue', 'potentialValue', 'loyalty', 'influence'];

export type Indicator = {
  key: IndicatorKey;
  group: IndicatorGroup;
  /** +1: more is better; −1: less is better (the normalised score is reversed). */
  direction: 1 | -1;
  source: IndicatorSource;
  kind: IndicatorKind;
  /** What a raw value means (documentation and UI hints). */
  unit: 'fen' | 'months' | 'ratio' | 'count' | 'years' | 'score100' | 'scale5';
  zh: string;
  en: string;
  /** Results this indicator feeds in the default model. */
  feeds: readonly ResultKey[];
  /** Part of current value in the default model: direct (直接价值) or added (附加价值). */
  currentPart?: 'directValue' | 'addedValue';
};

export const INDICATORS: readonly Indicator[] = [
  {
    key: 'avgMonthlyRevenue',
    group: 'contribution',
    direction: 1,
    source: 'billing',
    kind: 'quantitative',
    unit: 'fen',
    zh: '平均每月计费收入',
    en: 'Average monthly billed revenue',
    feeds: ['currentValue'],
    currentPart: 'directValue',
  },
  {
    key: 'drivenRevenue',
    group: 'contribution',
    direction: 1,
    source: 'billing',
    kind: 'quantitative',
    unit: 'fen',
    zh: '对公众/商业客户群收入贡献(带动)',
    en: 'Revenue driven in public/commercial segments',
    feeds: ['currentValue', 'influence'],
    currentPart: 'addedValue',
  },
  {
    key: 'dedicatedCost',
    group: 'contribution',
    direction: -1,
    source: 'billing',
    kind: 'quantitative',
    unit: 'fen',
    zh: '单独运维或营销成本投入',
    en: 'Dedicated O&M or marketing cost',
    feeds: ['currentValue'],
    currentPart: 'directValue',
  },
  {
    key: 'arrearsMonths',
    group: 'contribution',
    direction: -1,
    source: 'billing',
    kind: 'quantitative',
    unit: 'months',
    zh: '累计欠费时间',
    en: 'Cumulative arrears time',
    feeds: ['currentValue'],
    currentPart: 'directValue',
  },
  {
    key: 'priceSensitivity',
    group: 'characteristics',
    direction: -1,
    source: 'manual',
    kind: 'scale5',
    unit: 'scale5',
    zh: '价格敏感度',
    en: 'Price sensitivity',
    feeds: ['potentialValue'],
  },
  {
    key: 'newServiceUsage',
    group: 'characteristics',
    direction: 1,
    source: 'billing',
    kind: 'quantitative',
    // The assessment measures it as new services' share of the window's revenue (0–1).
    unit: 'ratio',
    zh: '新业务使用',
    en: 'New-service usage',
    feeds: ['currentValue'],
    currentPart: 'addedValue',
  },
  {
    key: 'bandwidthShare',
    group: 'characteristics',
    direction: 1,
    source: 'billing',
    kind: 'quantitative',
    unit: 'ratio',
    zh: '带宽业务所占比例',
    en: 'Share of bandwidth services in spend',
    feeds: ['currentValue'],
    currentPart: 'addedValue',
  },
  {
    key: 'socialInfluence',
    group: 'characteristics',
    direction: 1,
    source: 'manual',
    kind: 'scale5',
    unit: 'scale5',
    zh: '社会及政策影响力',
    en: 'Social and policy influence',
    feeds: ['influence'],
  },
  {
    key: 'businessCondition',
    group: 'characteristics',
    direction: 1,
    source: 'manual',
    kind: 'scale5',
    unit: 'scale5',
    zh: '客户自身经营状况',
    en: "Customer's business condition",
    feeds: ['potentialValue'],
  },
  {
    key: 'demandForecast',
    group: 'characteristics',
    direction: 1,
    source: 'manual',
    kind: 'quantitative',
    unit: 'fen',
    zh: '未来一年电信业务需求预测',
    en: 'Forecast of next-year telecom demand',
    feeds: ['potentialValue'],
  },
  {
    key: 'valueChainRole',
    group: 'characteristics',
    direction: 1,
    source: 'manual',
    kind: 'scale5',
    unit: 'scale5',
    zh: '在价值链中的作用',
    en: 'Role in the value chain',
    feeds: ['potentialValue', 'influence'],
  },
  {
    key: 'telecomDependence',
    group: 'characteristics',
    direction: 1,
    source: 'manual',
    kind: 'scale5',
    unit: 'scale5',
    zh: '对电信服务的依赖度和需求度',
    en: 'Dependence on and need for telecom services',
    feeds: ['potentialValue'],
  },
  {
    key: 'servicesMovedOut',
    group: 'relationship',
    direction: -1,
    source: 'manual',
    kind: 'quantitative',
    unit: 'count',
    zh: '最近一年业务转网情况',
    en: 'Services moved to other operators in the last year',
    feeds: ['loyalty'],
  },
  {
    key: 'satisfaction',
    group: 'relationship',
    direction: 1,
    source: 'survey',
    kind: 'quantitative',
    unit: 'score100',
    zh: '综合满意度',
    en: 'Overall satisfaction',
    feeds: ['loyalty'],
  },
  {
    key: 'walletShare',
    group: 'relationship',
    direction: 1,
    source: 'survey',
    kind: 'quantitative',
    unit: 'ratio',
    zh: '钱包份额(占总通信支出比例)',
    en: 'Share of wallet',
    feeds: ['loyalty'],
  },
  {
    key: 'relationshipYears',
    group: 'relationship',
    direction: 1,
    source: 'profile',
    kind: 'quantitative',
    unit: 'years',
    zh: '双方维系服务关系的时间',
    en: 'Years of relationship',
    feeds: ['loyalty'],
  },
  {
    key: 'reciprocity',
    group: 'relationship',
    direction: 1,
    source: 'manual',
    kind: 'scale5',
    unit: 'scale5',
    zh: '互惠关系',
    en: 'Reciprocal relationship',
    feeds: ['loyalty'],
  },
];

const BY_KEY = new Map<string, Indicator>(INDICATORS.map((i) => [i.key, i]));

/** Whether `key` names one of the 17 indicators. */
export function isIndicatorKey(key: unknown): key is IndicatorKey {
  return typeof key === 'string' && BY_KEY.has(key);
}

/**
 * The indicator with this key; throws on an unknown key (a programming error).
 * @example indicatorOf('arrearsMonths').direction // -1
 */
export function indicatorOf(key: IndicatorKey): Indicator {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`unknown indicator ${key}`);
  return found;
}

/**
 * Indicators an account manager enters per customer and period (source 'manual'): the six 1–5
 * judgements, the demand forecast (fen) and the services moved out (count).
 */
export const ENTERABLE_INDICATORS: readonly Indicator[] = INDICATORS.filter((i) => i.source === 'manual');

/**
 * Checks one entered value (PRODUCT.md §2): 1–5 scales must be integers 1…5; the demand forecast
 * a non-negative integer number of fen; services moved out a non-negative integer count.
 * Returns the issue naming `field`, or null when the value is acceptable.
 * @example validateIndicatorInput('reciprocity', 7, 'inputs.reciprocity') // { field: 'inputs.reciprocity', … }
 */
export function validateIndicatorInput(key: string, value: unknown, field: string = key): FieldIssue | null {
  const indicator = BY_KEY.get(key);
  if (!indicator) return { field, message: `Unknown indicator '${key}'` };
  if (indicator.source !== 'manual') {
    return { field, message: `Indicator '${key}' comes from ${indicator.source} data, not input` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { field, message: 'Must be a number' };
  }
  if (indicator.kind === 'scale5') {
    if (!Number.isInteger(value) || value < 1 || value > 5) {
      return { field, message: 'Must be an integer from 1 to 5' };
    }
    return null;
  }
  if (!Number.isInteger(value) || value < 0) {
    return { field, message: 'Must be a non-negative integer' };
  }
  return null;
}
