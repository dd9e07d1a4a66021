/** Segmentation API (PRODUCT.md §3): thresholds, the three matrices, summaries, satisfaction per period. */
import { api, apiRequest, type Page } from './client';

export type MatrixKind = 'valueSatisfaction' | 'valueRsl' | 'walletSatisfaction';
export const MATRIX_KINDS: readonly MatrixKind[] = ['valueSatisfaction', 'valueRsl', 'walletSatisfaction'];
export type Quadrant = 'highHigh' | 'highLow' | 'lowHigh' | 'lowLow';
export const QUADRANTS: readonly Quadrant[] = ['highHigh', 'highLow', 'lowHigh', 'lowLow'];

export type SegmentThresholds = {
  valueScore: number;
  satisfaction: number;
  rsl: number;
  walletShare: number;
};

export type MatrixPoint = {
  customerId: string;
  code: string;
  name: string;
  tier: string | null;
  industry: string;
  regionCode: string;
  x: number;
  y: number;
  quadrant: Quadrant;
};

export type QuadrantSummary = {
  key: Quadrant;
  count: number;
  strategy: { zh: string; en: string; flagged: boolean };
  flagged: boolean;
};

export type Matrix = {
  kind: MatrixKind;
  thresholds: SegmentThresholds;
  axis: { x: number; y: number };
  points: MatrixPoint[];
  quadrants: QuadrantSummary[];
  missing: number;
};

export type SegmentFilter = { industry?: string; regionCode?: string; tier?: string };

export type SummaryGroup = {
  key: string;
  customers: number;
  avgTotal: number | null;
  avgSatisfaction: number | null;
  revenue12mFen: number;
  tiers: Record<string, number>;
  quadrants: Record<Quadrant | 'missing', number>;
};

export type SegmentSummary = {
  by: 'industry' | 'region';
  fromMonth: string;
  toMonth: string;
  thresholds: SegmentThresholds;
  groups: SummaryGroup[];
};

export type SatisfactionRow = {
  customerId: string;
  period: string;
  satisfaction: number | null;
  competitorSatisfaction: number | null;
  walletShare: number | null;
  rsl: number | null;
  source: string;
  enteredBy: string;
  enteredAt: string;
};

export type SatisfactionInput = {
  period: string;
  satisfaction?: number | null;
  competitorSatisfaction?: number | null;
  walletShare?: number | null;
};

export function getMatrix(kind: MatrixKind, filter: SegmentFilter, signal?: AbortSignal): Promise<Matrix> {
  return api.get<Matrix>('/segments/matrix', { kind, ...filter }, signal);
}

/** A fact a matrix needs; `valueScore` is the latest assessment's total. */
export type MissingFact = 'valueScore' | 'satisfaction' | 'competitorSatisfaction' | 'walletShare';

/** A customer a matrix counts as missing, with what it lacks. */
export type MissingCustomer = {
  customerId: string;
  code: string;
  name: string;
  tier: string | null;
  industry: string;
  regionCode: string;
  missing: MissingFact[];
};

/** One page (by code) of the customers a matrix leaves out for lack of data. */
export function findMissing(
  kind: MatrixKind,
  filter: SegmentFilter,
  paging: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<Page<MissingCustomer>> {
  return api.getPage<MissingCustomer>('/segments/missing', { kind, ...filter, ...paging }, signal);
}

export function getSegmentSummary(
  by: 'industry' | 'region',
  filter: SegmentFilter,
  signal?: AbortSignal,
): Promise<SegmentSummary> {
  return api.get<SegmentSummary>('/segments/summary', { by, ...filter }, signal);
}

export function getThresholds(signal?: AbortSignal): Promise<SegmentThresholds> {
  return api.get<SegmentThresholds>('/segments/settings', undefined, signal);
}

export async function saveThresholds(input: SegmentThresholds): Promise<SegmentThresholds> {
  return (await apiRequest<SegmentThresholds>('PUT', '/segments/settings', { json: input })).data;
}

export function findSatisfaction(customerId: string, signal?: AbortSignal): Promise<SatisfactionRow[]> {
  return api.get<SatisfactionRow[]>(
    `/customers/${encodeURIComponent(customerId)}/satisfaction`,
    undefined,
    signal,
  );
}

export async function saveSatisfaction(
  customerId: string,
  input: SatisfactionInput,
): Promise<SatisfactionRow> {
  const path = `/customers/${encodeURIComponent(customerId)}/satisfaction`;
  return (await apiRequest<SatisfactionRow>('PUT', path, { json: input })).data;
}
