/**
 * Assessment runs and a customer's assessment history (PRODUCT.md §2). Shapes mirror
 * `src/modules/value/assessment.routes.ts`.
 */
import { api, type Page } from './client';
import type { IndicatorKey } from './value';

export type AssessmentRunStatus = 'running' | 'done' | 'failed';

export type AssessmentRun = {
  id: string;
  modelVersion: number;
  asOf: string;
  /** 'all' or the customer id. */
  scope: string;
  customerId: string | null;
  trigger: 'manual' | 'schedule' | 'cli';
  status: AssessmentRunStatus;
  total: number;
  done: number;
  proposals: number;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
};

export type IndicatorScore = { raw: number; score: number };

/** Why a total: a scored indicator's effective weight in it (0–1) and weight × score (points). */
export type IndicatorContribution = {
  indicator: IndicatorKey;
  raw: number;
  score: number;
  weight: number;
  contribution: number;
};

export type Assessment = {
  id: number;
  runId: string;
  customerId: string;
  modelVersion: number;
  asOf: string;
  currentValue: number | null;
  directValue: number | null;
  addedValue: number | null;
  potentialValue: number | null;
  loyalty: number | null;
  influence: number | null;
  total: number | null;
  indicatedTier: string | null;
  indicatedGroupClass: string | null;
  scores: Partial<Record<IndicatorKey, IndicatorScore>>;
  missing: IndicatorKey[];
  createdAt: string;
  /** The run's status; 'failed' with runError 'interrupted' when its process stopped mid-run. */
  runStatus: AssessmentRunStatus;
  runError: string | null;
  /** Each scored indicator's weight in the total and contribution, in catalog order. */
  breakdown: IndicatorContribution[];
};

/** Starts a run for everyone (no customerId) or one customer; answers at once with the run. */
export function startAssessmentRun(input: { customerId?: string; asOf?: string }): Promise<AssessmentRun> {
  return api.post<AssessmentRun>('/assessment-runs', input);
}

export function findAssessmentRuns(
  query: { limit?: number; offset?: number } = {},
  signal?: AbortSignal,
): Promise<Page<AssessmentRun>> {
  return api.getPage<AssessmentRun>('/assessment-runs', query, signal);
}

export function getAssessmentRun(id: string, signal?: AbortSignal): Promise<AssessmentRun> {
  return api.get<AssessmentRun>(`/assessment-runs/${encodeURIComponent(id)}`, undefined, signal);
}

/** A customer's assessments, newest first. */
export function findCustomerAssessments(
  customerId: string,
  query: { limit?: number } = {},
  signal?: AbortSignal,
): Promise<Assessment[]> {
  return api
    .getPage<Assessment>(`/customers/${encodeURIComponent(customerId)}/assessments`, query, signal)
    .then((page) => page.items);
}
