/**
 * Value model API (PRODUCT.md §2): indicators, value model versions, the AHP calculator and the
 * per-customer indicator inputs. Shapes mirror `src/domain/value/*` and `src/modules/value/*`.
 */
import { api, apiRequest, type Query } from './client';

export type IndicatorKey =
  | 'avgMonthlyRevenue'
  | 'drivenRevenue'
  | 'dedicatedCost'
  | 'arrearsMonths'
  | 'priceSensitivity'
  | 'newServiceUsage'
  | 'bandwidthShare'
  | 'socialInfluence'
  | 'businessCondition'
  | 'demandForecast'
  | 'valueChainRole'
  | 'telecomDependence'
  | 'servicesMovedOut'
  | 'satisfaction'
  | 'walletShare'
  | 'relationshipYears'
  | 'reciprocity';

export type ResultKey = 'currentValue' | 'potentialValue' | 'loyalty' | 'influence';
export const RESULT_KEYS: readonly ResultKey[] = ['currentValue', 'potentialValue', 'loyalty', 'influence'];

export type Indicator = {
  key: IndicatorKey;
  group: 'contribution' | 'characteristics' | 'relationship';
  direction: 1 | -1;
  source: 'billing' | 'manual' | 'survey' | 'profile';
  kind: 'quantitative' | 'scale5';
  unit: string;
  zh: string;
  en: string;
  feeds: ResultKey[];
  currentPart: 'directValue' | 'addedValue' | null;
  enterable: boolean;
};

export type NormalisationMethod = 'percentile' | 'minmax' | 'scale5';
export type IndicatorSetting = { method: NormalisationMethod; capLow?: number; capHigh?: number };
export type TierScheme = 'telecom' | 'mobile';
export type TierMethod = 'threshold' | 'quota';

/** Which weights an AHP matrix sets: the results in the total, or the indicators of one result. */
export type AhpGroup = 'total' | ResultKey;

/** The pairwise matrix the wizard applied to a group's weights, and its consistency ratio. */
export type AhpBasis = { criteria: string[]; matrix: number[][]; cr: number };

export type ValueModelDefinition = {
  indicators: Record<IndicatorKey, IndicatorSetting>;
  weights: Record<ResultKey, Partial<Record<IndicatorKey, number>>>;
  currentValueParts: { directValue: IndicatorKey[]; addedValue: IndicatorKey[] };
  totalWeights: Record<ResultKey, number>;
  tiering: { scheme: TierScheme; method: TierMethod; cuts: number[]; graceRuns: number };
  /** The basis of AHP weights per group (absent for weights set by hand); the server validates it. */
  ahp?: Partial<Record<AhpGroup, AhpBasis>>;
};

export type ValueModel = {
  version: number;
  name: string;
  status: 'draft' | 'active' | 'retired';
  definition: ValueModelDefinition;
  note: string | null;
  createdBy: string;
  createdAt: string;
  activatedAt: string | null;
};

export type AhpResult = { weights: number[]; lambdaMax: number; ci: number; ri: number; cr: number };

export type IndicatorInputItem = {
  indicator: IndicatorKey;
  kind: 'quantitative' | 'scale5';
  value: number | null;
  source: string | null;
  enteredBy: string | null;
  enteredByName: string | null;
  enteredAt: string | null;
  previousValue: number | null;
  previousPeriod: string | null;
};

export type IndicatorInputs = {
  customerId: string;
  period: string;
  items: IndicatorInputItem[];
  missing: IndicatorKey[];
};

export function findIndicators(signal?: AbortSignal): Promise<Indicator[]> {
  return api.get<Indicator[]>('/indicators', undefined, signal);
}

export function findValueModels(signal?: AbortSignal): Promise<ValueModel[]> {
  return api.get<ValueModel[]>('/value-models', undefined, signal);
}

export function getValueModel(version: number, signal?: AbortSignal): Promise<ValueModel> {
  return api.get<ValueModel>(`/value-models/${version}`, undefined, signal);
}

export function createValueModel(input: {
  name: string;
  note?: string | null;
  definition: ValueModelDefinition;
}): Promise<ValueModel> {
  return api.post<ValueModel>('/value-models', input);
}

export async function updateValueModel(
  version: number,
  input: { name?: string; note?: string | null; definition?: ValueModelDefinition },
): Promise<ValueModel> {
  return (await apiRequest<ValueModel>('PUT', `/value-models/${version}`, { json: input })).data;
}

export function activateValueModel(version: number, reason?: string): Promise<ValueModel> {
  return api.post<ValueModel>(`/value-models/${version}/activate`, reason ? { reason } : {});
}

/** Server-side AHP; 400 AHP_INCONSISTENT (with `cr`) when CR ≥ 0.10. */
export function computeAhpOnServer(matrix: number[][], labels?: string[]): Promise<AhpResult> {
  return api.post<AhpResult>('/ahp', labels ? { matrix, labels } : { matrix });
}

export function getIndicatorInputs(
  customerId: string,
  period: string | undefined,
  signal?: AbortSignal,
): Promise<IndicatorInputs> {
  const query: Query = { period };
  return api.get<IndicatorInputs>(
    `/customers/${encodeURIComponent(customerId)}/indicator-inputs`,
    query,
    signal,
  );
}

export async function putIndicatorInputs(
  customerId: string,
  period: string,
  inputs: Partial<Record<IndicatorKey, number | null>>,
): Promise<IndicatorInputs> {
  return (
    await apiRequest<IndicatorInputs>(
      'PUT',
      `/customers/${encodeURIComponent(customerId)}/indicator-inputs`,
      {
        json: { inputs },
        query: { period },
      },
    )
  ).data;
}

/** What cut points would do to the customers in scope (POST /value-models/tier-preview; nothing is written). */
export type TierPreview = {
  assessed: number;
  unassessed: number;
  latestAsOf: string | null;
  histogram: { from: number; to: number; count: number }[];
  classes: { cls: string; count: number; current: number }[];
  moves: { up: number; down: number; same: number; unrated: number };
};

export async function previewTierCuts(
  tiering: ValueModelDefinition['tiering'],
  signal?: AbortSignal,
): Promise<TierPreview> {
  return (await apiRequest<TierPreview>('POST', '/value-models/tier-preview', { json: { tiering }, signal }))
    .data;
}
