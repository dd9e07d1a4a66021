import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors.ts';
import { DEFAULT_SLA_SETTINGS, defaultTargets, formatPpm } from './targets.ts';
import {
  checkVersionTerms,
  isValidOn,
  planVersionAction,
  serviceLevelLabel,
  type VersionTerms,
  validitiesOverlap,
} from './versions.ts';

const am = { id: 'am', role: 'account_manager' as const };
const kam = { id: 'kam', role: 'kam_manager' as const };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('planVersionAction', () => {
  it('walks draft → pending → approved → superseded', () => {
    expect(planVersionAction({ status: 'draft', submittedBy: null }, 'submit', am)).toBe('pending');
    expect(planVersionAction({ status: 'pending', submittedBy: 'am' }, 'approve', kam)).toBe('approved');
    expect(planVersionAction({ status: 'pending', submittedBy: 'am' }, 'reject', kam)).toBe('rejected');
    expect(planVersionAction({ status: 'approved', submittedBy: 'am' }, 'supersede', kam)).toBe('superseded');
  });
  it.each([
    ['approved', 'edit'],
    ['pending', 'edit'],
    ['draft', 'approve'],
    ['rejected', 'submit'],
    ['approved', 'approve'],
  ] as const)('%s cannot %s → ILLEGAL_TRANSITION', (status, action) => {
    expect(codeOf(() => planVersionAction({ status, submittedBy: 'x' }, action, kam))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });
  it('refuses the submitter (SELF_APPROVAL) and roles that may not decide (FORBIDDEN)', () => {
    expect(codeOf(() => planVersionAction({ status: 'pending', submittedBy: 'kam' }, 'approve', kam))).toBe(
      'SELF_APPROVAL',
    );
    expect(codeOf(() => planVersionAction({ status: 'pending', submittedBy: 'kam' }, 'reject', kam))).toBe(
      'SELF_APPROVAL',
    );
    expect(codeOf(() => planVersionAction({ status: 'pending', submittedBy: 'x' }, 'approve', am))).toBe(
      'FORBIDDEN',
    );
  });
});

const base: VersionTerms = {
  kind: 'sla_commitment',
  slaClass: 'AAA',
  maintenanceLevel: null,
  afterSalesLevel: 'SL1',
  targets: { availabilityPpm: 999_900, restoreMinutes: 120 },
  compensationTerms: { ...DEFAULT_SLA_SETTINGS.compensation, monthlyFeesFen: { c1: 100_000 } },
  afterSales: null,
  circuitIds: ['c1'],
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
};

describe('checkVersionTerms', () => {
  it('accepts a complete SLA commitment', () => expect(checkVersionTerms(base)).toEqual([]));
  it.each([
    [{ slaClass: null }, 'slaClass'],
    [{ kind: 'quality_only' as const }, 'slaClass'],
    [{ kind: 'maintenance' as const, slaClass: null, compensationTerms: null }, 'maintenanceLevel'],
    [{ kind: 'quality_only' as const, slaClass: null }, 'compensationTerms'],
    [{ compensationTerms: null }, 'compensationTerms'],
    [{ circuitIds: ['c1', 'c2'] }, 'compensationTerms.monthlyFeesFen.c2'],
    [{ circuitIds: [] }, 'compensationTerms.monthlyFeesFen.c1'],
    [{ validTo: '2025-12-31' }, 'validTo'],
    [{ targets: { availabilityPpm: 1_000_001, restoreMinutes: 120 } }, 'targets.availabilityPpm'],
    [{ targets: { availabilityPpm: 999_000, restoreMinutes: 0 } }, 'targets.restoreMinutes'],
    [
      {
        compensationTerms: {
          ...base.compensationTerms!,
          availabilitySteps: [
            { shortfallAbovePpm: 500, percent: 10 },
            { shortfallAbovePpm: 100, percent: 20 },
          ],
        },
      },
      'compensationTerms.availabilitySteps[1].shortfallAbovePpm',
    ],
    [{ compensationTerms: { ...base.compensationTerms!, capPercent: 150 } }, 'compensationTerms.capPercent'],
  ] as const)('%j → names %s', (patch, field) => {
    const problems = checkVersionTerms({ ...base, ...patch } as VersionTerms);
    expect(problems.map((p) => p.field)).toContain(field);
  });
  it('names a circuit listed twice', () => {
    expect(checkVersionTerms({ ...base, circuitIds: ['c1', 'c1'] }).map((p) => p.field)).toContain(
      'circuitIds[1]',
    );
  });
});

describe('validity and labels', () => {
  it('is in force inclusive of both ends; open-ended runs forever', () => {
    expect(isValidOn({ validFrom: '2026-01-01', validTo: '2026-12-31' }, '2026-12-31')).toBe(true);
    expect(isValidOn({ validFrom: '2026-01-01', validTo: '2026-12-31' }, '2027-01-01')).toBe(false);
    expect(isValidOn({ validFrom: '2026-01-01', validTo: null }, '2099-01-01')).toBe(true);
    expect(isValidOn({ validFrom: '2026-01-02', validTo: null }, '2026-01-01')).toBe(false);
  });
  it('detects overlapping validities', () => {
    expect(
      validitiesOverlap(
        { validFrom: '2026-01-01', validTo: '2026-06-30' },
        { validFrom: '2026-07-01', validTo: null },
      ),
    ).toBe(false);
    expect(
      validitiesOverlap(
        { validFrom: '2026-01-01', validTo: null },
        { validFrom: '2027-07-01', validTo: null },
      ),
    ).toBe(true);
    expect(
      validitiesOverlap(
        { validFrom: '2026-01-01', validTo: '2026-06-30' },
        { validFrom: '2025-07-01', validTo: '2026-01-01' },
      ),
    ).toBe(true);
  });
  it('labels levels', () => {
    expect(
      serviceLevelLabel({
        kind: 'sla_commitment',
        slaClass: 'AAA',
        maintenanceLevel: null,
        afterSalesLevel: 'SL1',
      }),
    ).toBe('AAA · SL1');
    expect(
      serviceLevelLabel({
        kind: 'maintenance',
        slaClass: null,
        maintenanceLevel: 'M2',
        afterSalesLevel: null,
      }),
    ).toBe('M2');
    expect(
      serviceLevelLabel({
        kind: 'quality_only',
        slaClass: null,
        maintenanceLevel: null,
        afterSalesLevel: 'SL3',
      }),
    ).toBe('Q · SL3');
  });
});

describe('default targets (PRODUCT.md §6)', () => {
  it.each([
    [{ kind: 'sla_commitment', slaClass: 'AAA' }, 999_900, 120],
    [{ kind: 'sla_commitment', slaClass: 'AA' }, 999_500, 240],
    [{ kind: 'sla_commitment', slaClass: 'A' }, 999_000, 480],
    [{ kind: 'maintenance', maintenanceLevel: 'M1' }, 999_900, 120],
    [{ kind: 'maintenance', maintenanceLevel: 'M3' }, 999_000, 480],
    [{ kind: 'quality_only' }, 999_000, 480],
  ] as const)('%j → %i ppm, %i min', (v, ppm, minutes) => {
    expect(defaultTargets(DEFAULT_SLA_SETTINGS, v)).toEqual({
      availabilityPpm: ppm,
      restoreMinutes: minutes,
    });
  });
  it('formats ppm', () => {
    expect(formatPpm(999_900)).toBe('99.99%');
    expect(formatPpm(998_611)).toBe('99.8611%');
    expect(formatPpm(1_000_000)).toBe('100%');
  });
});
