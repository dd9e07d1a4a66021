/**
 * SLA agreements API (PRODUCT.md §6): agreements and versions, default targets, outages,
 * measurements and a circuit's availability. Shapes mirror src/modules/agreements/agreements.schema.ts.
 */
import { api, apiRequest, type Page } from './client';

export const AGREEMENT_KINDS = ['sla_commitment', 'maintenance', 'quality_only'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const SLA_CLASSES = ['AAA', 'AA', 'A'] as const;
export type SlaClass = (typeof SLA_CLASSES)[number];
export const MAINTENANCE_LEVELS = ['M1', 'M2', 'M3'] as const;
export const AFTER_SALES_LEVELS = ['SL1', 'SL2', 'SL3'] as const;
export type VersionStatus = 'draft' | 'pending' | 'approved' | 'rejected' | 'superseded';

export type Targets = { availabilityPpm: number; restoreMinutes: number };
export type AvailabilityStep = { shortfallAbovePpm: number; percent: number };
export type CompensationTerms = {
  availabilitySteps: AvailabilityStep[];
  restorePercentPerBreach: number;
  capPercent: number;
  monthlyFeesFen: Record<string, number>;
};
export type AfterSales = {
  designatedEngineer?: string | null;
  engineerPhone?: string | null;
  responseMinutes?: number | null;
  onSiteHours?: number | null;
  reports?: 'none' | 'monthly' | 'quarterly';
  optimisation?: boolean;
};

export type SlaSettings = {
  classes: Record<SlaClass, Targets>;
  compensation: Omit<CompensationTerms, 'monthlyFeesFen'>;
};

/** The level in force on a circuit (circuits, desk lookup, ticket detail). */
export type SlaServiceLevel = {
  agreementId: string;
  agreementNumber: string;
  version: number;
  kind: AgreementKind;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  label: string;
  targets: Targets;
  validFrom: string;
  validTo: string | null;
};

export type Agreement = {
  id: string;
  agreementNumber: string;
  customerId: string;
  customerName: string;
  regionCode: string;
  title: string;
  status: 'draft' | 'active' | 'terminated';
  currentVersion: number | null;
  pendingVersion: number | null;
  level: {
    kind: AgreementKind;
    slaClass: string | null;
    maintenanceLevel: string | null;
    afterSalesLevel: string | null;
    label: string;
    validFrom: string;
    validTo: string | null;
    circuitCount: number;
  } | null;
  inForce: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

export type AgreementVersion = {
  version: number;
  kind: AgreementKind;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  targets: Targets;
  compensationTerms: CompensationTerms | null;
  afterSales: AfterSales | null;
  circuitIds: string[];
  validFrom: string;
  validTo: string | null;
  status: VersionStatus;
  note: string | null;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
};

export type AgreementCircuit = {
  id: string;
  circuitNumber: string;
  product: string;
  scope: string;
  bandwidthMbps: number | null;
  status: string;
};

export type AgreementDetail = Agreement & { versions: AgreementVersion[]; circuits: AgreementCircuit[] };

export type VersionInput = {
  kind: AgreementKind;
  slaClass?: string | null;
  maintenanceLevel?: string | null;
  afterSalesLevel?: string | null;
  targets?: Targets;
  compensationTerms?:
    | (Partial<Omit<CompensationTerms, 'monthlyFeesFen'>> & { monthlyFeesFen: Record<string, number> })
    | null;
  afterSales?: AfterSales | null;
  circuitIds: string[];
  validFrom: string;
  validTo?: string | null;
  note?: string | null;
};

export type CreateAgreementInput = VersionInput & { customerId: string; title: string };

export type Outage = {
  id: string;
  circuitId: string;
  circuitNumber: string;
  customerId: string;
  customerName: string;
  startedAt: string;
  restoredAt: string | null;
  durationMinutes: number | null;
  source: 'manual' | 'ticket';
  ticketId: string | null;
  ticketNumber: string | null;
  cause: string | null;
  excluded: boolean;
  note: string | null;
  createdBy: string;
  createdAt: string;
};

export type OutageInput = {
  circuitId: string;
  startedAt: string;
  restoredAt?: string | null;
  cause?: string | null;
  excluded?: boolean;
  note?: string | null;
};

export type Measurement = {
  agreementId: string;
  agreementVersion: number;
  circuitId: string;
  circuitNumber: string;
  month: string;
  minutesInMonth: number;
  outageMinutes: number;
  outageCount: number;
  availabilityPpm: number;
  targetAvailabilityPpm: number | null;
  targetRestoreMinutes: number | null;
  maxRestoreMinutes: number | null;
  restoreBreaches: number;
  availabilityBreached: boolean;
  computedAt: string;
};

export type MeasureResult = {
  month: string;
  complete: boolean;
  agreements: number;
  circuits: number;
  outagesFromTickets: number;
  availabilityBreaches: number;
  restoreBreaches: number;
  slipsRaised: number;
  slips: { id: string; slipNumber: string; kind: string; amountFen: number; created: boolean }[];
};

export type AvailabilityPoint = {
  month: string;
  availabilityPpm: number;
  targetAvailabilityPpm: number | null;
  outageMinutes: number;
  outageCount: number;
  maxRestoreMinutes: number | null;
  restoreBreaches: number;
  availabilityBreached: boolean;
  measured: boolean;
  complete: boolean;
};

export type CircuitAvailability = {
  circuitId: string;
  circuitNumber: string;
  serviceLevel: SlaServiceLevel | null;
  months: AvailabilityPoint[];
};

export type CustomerCircuit = AgreementCircuit & { customerId: string; serviceLevel: SlaServiceLevel | null };

export type AgreementFilter = {
  q?: string;
  status?: string;
  kind?: string;
  pending?: 'true' | 'false';
  customerId?: string;
};

const enc = encodeURIComponent;

export const findAgreements = (
  filter: AgreementFilter,
  paging: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<Page<Agreement>> => api.getPage<Agreement>('/agreements', { ...filter, ...paging }, signal);

export const getAgreement = (id: string, signal?: AbortSignal) =>
  api.get<AgreementDetail>(`/agreements/${enc(id)}`, undefined, signal);

export const findCustomerAgreements = (customerId: string, signal?: AbortSignal) =>
  api.get<Agreement[]>(`/customers/${enc(customerId)}/agreements`, undefined, signal);

export const findCustomerCircuitsWithLevel = (customerId: string, signal?: AbortSignal) =>
  api.get<CustomerCircuit[]>(`/customers/${enc(customerId)}/circuits`, undefined, signal);

export const createAgreement = (input: CreateAgreementInput) =>
  api.post<AgreementDetail>('/agreements', input);

export const createVersion = (id: string, input: VersionInput) =>
  api.post<AgreementDetail>(`/agreements/${enc(id)}/versions`, input);

export const updateVersion = async (id: string, version: number, input: VersionInput) =>
  (await apiRequest<AgreementDetail>('PUT', `/agreements/${enc(id)}/versions/${version}`, { json: input }))
    .data;

export const versionAction = (
  id: string,
  version: number,
  action: 'submit' | 'approve' | 'reject',
  reason?: string,
) =>
  api.post<AgreementDetail>(
    `/agreements/${enc(id)}/versions/${version}/${action}`,
    action === 'submit' ? undefined : reason ? { reason } : {},
  );

export const terminateAgreement = (id: string, reason: string) =>
  api.post<AgreementDetail>(`/agreements/${enc(id)}/terminate`, { reason });

export const getSlaSettings = (signal?: AbortSignal) =>
  api.get<SlaSettings>('/agreements/settings', undefined, signal);

export const putSlaSettings = async (settings: SlaSettings) =>
  (await apiRequest<SlaSettings>('PUT', '/agreements/settings', { json: settings })).data;

export const measureMonth = (month: string, agreementId?: string) =>
  api.post<MeasureResult>('/agreements/measure', agreementId ? { month, agreementId } : { month });

export const findMeasurements = (id: string, signal?: AbortSignal) =>
  api.get<Measurement[]>(`/agreements/${enc(id)}/measurements`, undefined, signal);

export const getCircuitAvailability = (circuitId: string, months = 12, signal?: AbortSignal) =>
  api.get<CircuitAvailability>(`/circuits/${enc(circuitId)}/availability`, { months }, signal);

export const findOutages = (
  filter: {
    circuitId?: string;
    customerId?: string;
    agreementId?: string;
    month?: string;
    open?: 'true' | 'false';
  },
  paging: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<Page<Outage>> => api.getPage<Outage>('/outages', { ...filter, ...paging }, signal);

export const createOutage = (input: OutageInput) => api.post<Outage>('/outages', input);

export const patchOutage = (id: string, input: Partial<Omit<OutageInput, 'circuitId'>>) =>
  api.patch<Outage>(`/outages/${enc(id)}`, input);

/** Parts per million as a percentage with up to four decimals: 999900 → "99.99%". */
export function formatPpm(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}

/** "99.99" (a percentage typed by a person) → ppm, or null when it is not one (no floats). */
export function percentToPpm(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,4}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return ppm <= 1_000_000 ? ppm : null;
}

export { formatYuan as fenToYuan, parseYuan as yuanToFen } from '../money';
