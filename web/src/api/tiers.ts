/** Tier workflow API (PRODUCT.md §2 "Tiers"): proposals inbox, decisions, overrides, history, loss equivalence. */
import { api, apiRequest, type Page } from './client';

export type ProposalKind = 'initial' | 'upgrade' | 'downgrade' | 'override';
export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

/** The assessment's results at proposal time (empty for an override without an assessment). */
export type ProposalSnapshot = {
  total?: number | null;
  currentValue?: number | null;
  directValue?: number | null;
  addedValue?: number | null;
  potentialValue?: number | null;
  loyalty?: number | null;
  influence?: number | null;
  scores?: Record<string, { raw: number | null; score: number | null }>;
  missing?: string[];
  asOf?: string;
};

export type TierProposal = {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  regionCode: string;
  currentTier: string | null;
  currentStars: number | null;
  currentGroupClass: string | null;
  runId: string | null;
  kind: ProposalKind;
  fromTier: string | null;
  toTier: string | null;
  fromStars: number | null;
  toStars: number | null;
  fromGroupClass: string | null;
  toGroupClass: string | null;
  score: number | null;
  modelVersion: number | null;
  snapshot: ProposalSnapshot;
  reason: string;
  status: ProposalStatus;
  requestedBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  effectiveDate: string | null;
};

export type TierChange = {
  id: string;
  customerId: string;
  proposalId: string | null;
  fromTier: string | null;
  toTier: string | null;
  fromStars: number | null;
  toStars: number | null;
  fromGroupClass: string | null;
  toGroupClass: string | null;
  effectiveDate: string;
  reason: string;
  modelVersion: number | null;
  score: number | null;
  snapshot: ProposalSnapshot;
  approvedBy: string;
  approverName: string | null;
  at: string;
};

export type LossEquivalence = {
  avgMonthlyRevenueFen: number | null;
  commercialEquivalent: number | null;
  publicEquivalent: number | null;
  commercialAvgFen: number;
  publicAvgFen: number;
  months: number;
  fromMonth: string;
  toMonth: string;
};

export type ProposalQuery = {
  status?: ProposalStatus;
  kind?: ProposalKind;
  customerId?: string;
  regionCode?: string;
  /** The customer's name (substring) or code (prefix). */
  q?: string;
  /** The proposed tier (telecom scheme) or group class (mobile scheme). */
  toTier?: string;
  toGroupClass?: string;
  /** The customer's current account manager. */
  accountManagerId?: string;
  limit?: number;
  offset?: number;
};

export type OverrideInput = { toTier?: string; toStars?: number; toGroupClass?: string; reason: string };

export function findProposals(query: ProposalQuery, signal?: AbortSignal): Promise<Page<TierProposal>> {
  return api.getPage<TierProposal>('/tier-proposals', query, signal);
}

export function approveProposal(
  id: string,
  input: { reason?: string; effectiveDate?: string },
): Promise<TierProposal> {
  return api.post<TierProposal>(`/tier-proposals/${encodeURIComponent(id)}/approve`, input);
}

export function rejectProposal(id: string, reason: string): Promise<TierProposal> {
  return api.post<TierProposal>(`/tier-proposals/${encodeURIComponent(id)}/reject`, { reason });
}

/** All or nothing: a 400 lists each id that could not be approved (`errors[].field = ids[i]`). */
export function bulkApproveProposals(
  ids: string[],
  reason?: string,
): Promise<{ approved: number; proposals: TierProposal[] }> {
  return api.post('/tier-proposals/bulk-approve', { ids, ...(reason ? { reason } : {}) });
}

export function requestTierOverride(customerId: string, input: OverrideInput): Promise<TierProposal> {
  return api.post<TierProposal>(`/customers/${encodeURIComponent(customerId)}/tier-override`, input);
}

export function findTierHistory(customerId: string, signal?: AbortSignal): Promise<TierChange[]> {
  return api.get<TierChange[]>(
    `/customers/${encodeURIComponent(customerId)}/tier-history`,
    undefined,
    signal,
  );
}

export function getLossEquivalence(customerId: string, signal?: AbortSignal): Promise<LossEquivalence> {
  return api.get<LossEquivalence>(
    `/customers/${encodeURIComponent(customerId)}/loss-equivalence`,
    undefined,
    signal,
  );
}

/** Where the configured segment averages come from. */
export type SegmentAveragesSource = 'default' | 'manual' | 'measured';

/** A segment's average monthly revenue per customer, measured from billing (null without billing). */
export type MeasuredAverage = {
  avgFen: number | null;
  months: number;
  revenueFen: number;
  customerMonths: number;
};

export type Equivalents = { commercialEquivalent: number | null; publicEquivalent: number | null };

/** GET /tiers/settings: the configured averages beside the ones measured over the trailing 12 months. */
export type TierSettings = {
  configured: {
    commercialAvgFen: number;
    publicAvgFen: number;
    source: SegmentAveragesSource;
    fromMonth: string | null;
    toMonth: string | null;
    reason: string | null;
    updatedBy: string | null;
    updatedAt: string | null;
  };
  measured: {
    fromMonth: string;
    toMonth: string;
    commercial: MeasuredAverage;
    public: MeasuredAverage;
    keyAccounts: MeasuredAverage & { customers: number };
  };
  keyAccountEquivalents: { configured: Equivalents; measured: Equivalents };
};

/** Type both figures in (`manual`), or adopt the measured ones (`measured`, computed by the server). */
export type TierSettingsInput =
  | { source: 'manual'; commercialAvgFen: number; publicAvgFen: number; reason: string }
  | { source: 'measured'; reason: string };

export function getTierSettings(signal?: AbortSignal): Promise<TierSettings> {
  return api.get<TierSettings>('/tiers/settings', undefined, signal);
}

export async function saveTierSettings(input: TierSettingsInput): Promise<TierSettings> {
  return (await apiRequest<TierSettings>('PUT', '/tiers/settings', { json: input })).data;
}

export type Segment = 'commercial' | 'public';

/** One month of a mass-market segment's billing totals. */
export type SegmentBillingMonth = {
  segment: Segment;
  month: string;
  revenueFen: number;
  billedCustomers: number;
};
export type SegmentBillingRow = SegmentBillingMonth & { updatedBy: string; updatedAt: string };

/** Segment billing months, newest first (by default the 24 months ending with the current one). */
export function findSegmentBilling(
  query: { fromMonth?: string; toMonth?: string } = {},
  signal?: AbortSignal,
): Promise<SegmentBillingRow[]> {
  return api.get<SegmentBillingRow[]>('/tiers/segment-billing', query, signal);
}

/** Inserts or replaces months, all or nothing; a 400 names `rows[i].<field>`. */
export async function saveSegmentBilling(
  rows: SegmentBillingMonth[],
  reason: string,
): Promise<SegmentBillingRow[]> {
  return (await apiRequest<SegmentBillingRow[]>('PUT', '/tiers/segment-billing', { json: { rows, reason } }))
    .data;
}
