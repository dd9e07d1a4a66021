/**
 * The limit of an SLA clock (PRODUCT.md §7 "Limits come from the entitlements"): minutes from the
 * definition's limit source — the customer's standard for a catalog item, or minutes per service
 * level — times the severity factor, rounded up, with the explanation shown beside the clock.
 */
import type { ServiceLevel, ServiceTime } from '../catalog/types.ts';
import type { LimitSource, Severity, SlaDefinition } from './config.ts';

/** Business minutes of one working day on the default business hours (08:30–12:00, 13:30–17:30). */
export const BUSINESS_MINUTES_PER_DAY = 450;

export type LimitExplanation = {
  kind: LimitSource['kind'];
  itemCode?: string;
  /** The level whose figure was used (the entitlement's level, or the byLevel key). */
  level: ServiceLevel;
  severity: Severity;
  factor: number;
  /** The standard's wording (entitlement), e.g. 不超过6小时. */
  wording?: string;
  /** The minutes before the severity factor, and whether the fallback was used. */
  baseMinutes: number;
  fallback?: boolean;
};

export type ComputedLimit = {
  minutes: number;
  /** The clock the limit is counted on: the standard's own for an entitlement, else the definition's. */
  clock: '24x7' | 'business';
  explanation: LimitExplanation;
};

/** What the customer's entitlement said (null: not provided or no standard). */
export type EntitlementLimit = {
  level: ServiceLevel | null;
  responseTime: ServiceTime | null;
  wording: string | null;
} | null;

export type LimitInput = {
  /** The customer's service level: its tier or group class, or `basic`. */
  level: ServiceLevel;
  severity: Severity;
  /** For `entitlement` sources: what the customer is owed for the item. */
  entitlement?: EntitlementLimit;
  businessMinutesPerDay?: number;
};

/** Minutes and clock of a service time; null for 按需 / 按协议. */
function serviceTimeMinutes(
  t: ServiceTime,
  businessMinutesPerDay: number,
): { minutes: number; clock: '24x7' | 'business' } | null {
  switch (t.kind) {
    case 'hours':
      return { minutes: t.hours * 60, clock: t.clock };
    case 'days':
      return { minutes: t.days * 1440, clock: '24x7' };
    case 'workdays':
      return { minutes: t.days * businessMinutesPerDay, clock: 'business' };
    default:
      return null;
  }
}

/**
 * The limit of `def` for a ticket of `input.severity` for a customer at `input.level`.
 *
 * @example
 * // circuit_fault 不超过6小时 (7×24), critical × 0.5 → 180 min
 * computeLimit(restoreDef, { level: '4A', severity: 'critical',
 *   entitlement: { level: 'basic', responseTime: { kind: 'hours', hours: 6, clock: '24x7' }, wording: '不超过6小时' } });
 * // { minutes: 180, clock: '24x7', explanation: { kind: 'entitlement', itemCode: 'circuit_fault', level: 'basic', severity: 'critical', factor: 0.5, wording: '不超过6小时', baseMinutes: 360 } }
 */
export function computeLimit(
  def: Pick<SlaDefinition, 'limit' | 'severityFactor' | 'clock'>,
  input: LimitInput,
): ComputedLimit {
  const factor = def.severityFactor?.[input.severity] ?? 1;
  const perDay = input.businessMinutesPerDay ?? BUSINESS_MINUTES_PER_DAY;
  const src = def.limit;
  let base: number;
  let clock = def.clock;
  let explanation: LimitExplanation;
  if (src.kind === 'byLevel') {
    const own = src.minutes[input.level];
    const level: ServiceLevel = own === undefined ? 'basic' : input.level;
    base = own ?? src.minutes.basic;
    explanation = { kind: 'byLevel', level, severity: input.severity, factor, baseMinutes: base };
  } else {
    const e = input.entitlement ?? null;
    const fromStandard = e?.responseTime ? serviceTimeMinutes(e.responseTime, perDay) : null;
    base = fromStandard?.minutes ?? src.fallbackMinutes;
    if (fromStandard) clock = fromStandard.clock;
    explanation = {
      kind: 'entitlement',
      itemCode: src.itemCode,
      level: e?.level ?? input.level,
      severity: input.severity,
      factor,
      baseMinutes: base,
      ...(e?.wording ? { wording: e.wording } : {}),
      ...(fromStandard ? {} : { fallback: true }),
    };
  }
  return { minutes: Math.max(1, Math.ceil(base * factor)), clock, explanation };
}

/**
 * The service level a ticket's tier snapshot stands for (`4A`, `B`, … or `basic` for none).
 *
 * @example
 * levelOfTier('4A'); // '4A'
 * levelOfTier(null); // 'basic'
 */
export function levelOfTier(tier: string | null | undefined): ServiceLevel {
  const known = ['1A', '2A', '3A', '4A', '5A', 'A', 'B', 'C'];
  return tier && known.includes(tier) ? (tier as ServiceLevel) : 'basic';
}
