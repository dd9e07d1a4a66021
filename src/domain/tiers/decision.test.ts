import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { applyTierTarget, assertNotSelfApproval, planEffectiveDate, validateOverride } from './decision.ts';
import {
  computeLossEquivalence,
  DEFAULT_SEGMENT_AVERAGES,
  validateSegmentAverages,
} from './loss-equivalence.ts';

describe('effective date of an approval', () => {
  it('is the approval day, by default or asked for', () => {
    expect(planEffectiveDate('2026-11-23', undefined)).toBe('2026-11-23');
    expect(planEffectiveDate('2026-11-23', null)).toBe('2026-11-23');
    expect(planEffectiveDate('2026-11-23', '2026-11-23')).toBe('2026-11-23');
  });
  it.each([
    ['a past day', '2026-11-22', /in the past/],
    ['a future day (no scheduled tier changes)', '2026-12-01', /in the future/],
  ])('refuses %s naming effectiveDate', (_, requested, message) => {
    try {
      planEffectiveDate('2026-11-23', requested);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION_FAILED');
      expect((e as DomainError).errors[0]!.field).toBe('effectiveDate');
      expect((e as DomainError).errors[0]!.message).toMatch(message);
    }
  });
});

describe('applying a tier target', () => {
  it('derives stars from the tier unless given, and keeps what is not named', () => {
    const current = { tier: '3A', stars: 3, groupClass: 'B' } as const;
    expect(applyTierTarget(current, { toTier: '4A', toStars: null, toGroupClass: null })).toEqual({
      tier: '4A',
      stars: 4,
      groupClass: 'B',
    });
    expect(applyTierTarget(current, { toTier: null, toStars: 5, toGroupClass: 'A' })).toEqual({
      tier: '3A',
      stars: 5,
      groupClass: 'A',
    });
    expect(
      applyTierTarget(
        { tier: null, stars: null, groupClass: null },
        { toTier: '5A', toStars: null, toGroupClass: null },
      ),
    ).toEqual({
      tier: '5A',
      stars: 5,
      groupClass: null,
    });
  });
});

describe('override requests', () => {
  const current = { tier: '3A', stars: 3, groupClass: null } as const;
  it.each([
    [{ toTier: '6A', reason: '客户要求' }, 'toTier'],
    [{ toStars: 0, reason: '客户要求' }, 'toStars'],
    [{ toStars: 6, reason: '客户要求' }, 'toStars'],
    [{ toGroupClass: 'D', reason: '客户要求' }, 'toGroupClass'],
    [{ toTier: '4A', reason: '  ' }, 'reason'],
    [{ reason: '客户要求' }, 'toTier'],
    [{ toTier: '3A', reason: 'no change' }, 'toTier'],
  ])('%o → %s', (request, field) => {
    expect(validateOverride(current, request).map((i) => i.field)).toContain(field);
  });
  it('accepts a real change', () => {
    expect(validateOverride(current, { toTier: '4A', reason: '战略客户' })).toEqual([]);
    expect(validateOverride(current, { toStars: 4, reason: '战略客户' })).toEqual([]);
  });
  it('refuses self-approval of an override only', () => {
    expect(() => assertNotSelfApproval({ kind: 'override', requestedBy: 'kam' }, 'kam')).toThrow(/another/);
    expect(() => assertNotSelfApproval({ kind: 'override', requestedBy: 'am1' }, 'kam')).not.toThrow();
    expect(() => assertNotSelfApproval({ kind: 'upgrade', requestedBy: 'kam' }, 'kam')).not.toThrow();
  });
});

describe('loss equivalence (seed 001: one key account ≈ 79 commercial ≈ 338 public customers)', () => {
  it('reproduces the seed with the default segment averages', () => {
    const result = computeLossEquivalence(Array(12).fill(5_070_000), DEFAULT_SEGMENT_AVERAGES);
    expect(result).toEqual({
      avgMonthlyRevenueFen: 5_070_000,
      commercialEquivalent: 79,
      publicEquivalent: 338,
      commercialAvgFen: 64_177,
      publicAvgFen: 15_000,
      months: 12,
    });
  });
  it('averages over the billed months only and answers null without billing', () => {
    expect(
      computeLossEquivalence([100_000, 300_000], { commercialAvgFen: 50_000, publicAvgFen: 10_000 }),
    ).toMatchObject({
      avgMonthlyRevenueFen: 200_000,
      commercialEquivalent: 4,
      publicEquivalent: 20,
      months: 2,
    });
    expect(computeLossEquivalence([], DEFAULT_SEGMENT_AVERAGES)).toMatchObject({
      avgMonthlyRevenueFen: null,
      commercialEquivalent: null,
      months: 0,
    });
  });
  it('validates the segment averages', () => {
    expect(validateSegmentAverages(DEFAULT_SEGMENT_AVERAGES)).toEqual([]);
    expect(validateSegmentAverages({ commercialAvgFen: 0, publicAvgFen: 1.5 }).map((i) => i.field)).toEqual([
      'commercialAvgFen',
      'publicAvgFen',
    ]);
  });
});
