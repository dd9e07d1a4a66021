/**
 * SLA classes, maintenance levels, after-sales levels and their default targets (PRODUCT.md §6,
 * seed 003). Targets are configurable by an administrator; these are the shipped defaults:
 * AAA 99.99 %/month and restore ≤ 2 h, AA 99.95 % and ≤ 4 h, A 99.9 % and ≤ 8 h. Maintenance
 * levels M1/M2/M3 refer to the AAA/AA/A indicators (seed 003: "可承诺的可用性指标参考AAA级" …).
 */

export const AGREEMENT_KINDS = ['sla_commitment', 'maintenance', 'quality_only'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const SLA_CLASSES = ['AAA', 'AA', 'A'] as const;
export type SlaClass = (typeof SLA_CLASSES)[number];

export const MAINTENANCE_LEVELS = ['M1', 'M2', 'M3'] as const;
export type MaintenanceLevel = (typeof MAINTENANCE_LEVELS)[number];

export const AFTER_SALES_LEVELS = ['SL1', 'SL2', 'SL3'] as const;
export type AfterSalesLevel = (typeof AFTER_SALES_LEVELS)[number];

/** Availability in parts per million (999_900 = 99.99 %) and the longest restore time in minutes. */
export type Targets = { availabilityPpm: number; restoreMinutes: number };

/** One step of the availability compensation: a shortfall below target of more than `shortfallAbovePpm` earns `percent` of the monthly fee. */
export type AvailabilityStep = { shortfallAbovePpm: number; percent: number };

/** The default compensation terms a new SLA commitment starts with (fees are per agreement). */
export type CompensationDefaults = {
  availabilitySteps: AvailabilityStep[];
  restorePercentPerBreach: number;
  capPercent: number;
};

export type SlaSettings = {
  classes: Record<SlaClass, Targets>;
  compensation: CompensationDefaults;
};

export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  classes: {
    AAA: { availabilityPpm: 999_900, restoreMinutes: 120 },
    AA: { availabilityPpm: 999_500, restoreMinutes: 240 },
    A: { availabilityPpm: 999_000, restoreMinutes: 480 },
  },
  compensation: {
    // Any shortfall 10 %; more than 0.05 pp 20 %; more than 0.1 pp 30 %; more than 0.5 pp 50 %.
    availabilitySteps: [
      { shortfallAbovePpm: 0, percent: 10 },
      { shortfallAbovePpm: 500, percent: 20 },
      { shortfallAbovePpm: 1_000, percent: 30 },
      { shortfallAbovePpm: 5_000, percent: 50 },
    ],
    restorePercentPerBreach: 5,
    capPercent: 100,
  },
};

const MAINTENANCE_REFERENCE: Record<MaintenanceLevel, SlaClass> = { M1: 'AAA', M2: 'AA', M3: 'A' };

/**
 * The default targets of a version: its SLA class's, the class a maintenance level refers to,
 * and class A's for a quality-only commitment (its contract states its own, entered by hand).
 *
 * @example
 * defaultTargets(DEFAULT_SLA_SETTINGS, { kind: 'sla_commitment', slaClass: 'AA' });
 * // → { availabilityPpm: 999500, restoreMinutes: 240 }
 * defaultTargets(DEFAULT_SLA_SETTINGS, { kind: 'maintenance', maintenanceLevel: 'M1' }); // AAA's
 */
export function defaultTargets(
  settings: SlaSettings,
  v: { kind: AgreementKind; slaClass?: SlaClass | null; maintenanceLevel?: MaintenanceLevel | null },
): Targets {
  const cls: SlaClass =
    v.kind === 'sla_commitment' && v.slaClass
      ? v.slaClass
      : v.kind === 'maintenance' && v.maintenanceLevel
        ? MAINTENANCE_REFERENCE[v.maintenanceLevel]
        : 'A';
  return { ...settings.classes[cls] };
}

/**
 * Formats ppm as a percentage with up to four decimals.
 *
 * @example
 * formatPpm(999_900); // '99.99%'
 * formatPpm(1_000_000); // '100%'
 */
export function formatPpm(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}

export type FieldProblem = { field: string; message: string };

/** Problems of compensation step terms (percent 0–100, steps rising), each naming its field under `prefix`. */
export function checkCompensationDefaults(terms: CompensationDefaults, prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const pct = (v: number) => Number.isInteger(v) && v >= 0 && v <= 100;
  if (terms.availabilitySteps.length === 0)
    out.push({ field: `${prefix}.availabilitySteps`, message: 'at least one step' });
  terms.availabilitySteps.forEach((s, i) => {
    if (!Number.isInteger(s.shortfallAbovePpm) || s.shortfallAbovePpm < 0 || s.shortfallAbovePpm >= 1_000_000)
      out.push({
        field: `${prefix}.availabilitySteps[${i}].shortfallAbovePpm`,
        message: 'whole ppm from 0 to 999999',
      });
    if (!pct(s.percent))
      out.push({ field: `${prefix}.availabilitySteps[${i}].percent`, message: 'whole percent 0–100' });
    const prev = terms.availabilitySteps[i - 1];
    if (prev && s.shortfallAbovePpm <= prev.shortfallAbovePpm)
      out.push({
        field: `${prefix}.availabilitySteps[${i}].shortfallAbovePpm`,
        message: 'steps must rise: each shortfall above the previous one',
      });
  });
  if (!pct(terms.restorePercentPerBreach))
    out.push({ field: `${prefix}.restorePercentPerBreach`, message: 'whole percent 0–100' });
  if (!pct(terms.capPercent)) out.push({ field: `${prefix}.capPercent`, message: 'whole percent 0–100' });
  return out;
}

/** Problems of targets (availability 0–1,000,000 ppm, restore 1 min … 30 days). */
export function checkTargets(t: Targets, prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!Number.isInteger(t.availabilityPpm) || t.availabilityPpm < 0 || t.availabilityPpm > 1_000_000)
    out.push({ field: `${prefix}.availabilityPpm`, message: 'whole ppm from 0 to 1000000' });
  if (!Number.isInteger(t.restoreMinutes) || t.restoreMinutes < 1 || t.restoreMinutes > 43_200)
    out.push({ field: `${prefix}.restoreMinutes`, message: 'whole minutes from 1 to 43200' });
  return out;
}

/** Problems of the settings an administrator saves (every class's targets, the default terms). */
export function checkSettings(s: SlaSettings): FieldProblem[] {
  return [
    ...SLA_CLASSES.flatMap((c) => checkTargets(s.classes[c], `classes.${c}`)),
    ...checkCompensationDefaults(s.compensation, 'compensation'),
  ];
}
