/**
 * Rules of the tier approval workflow (PRODUCT.md §2 "Tiers"): when an approved change takes
 * effect, what a manual override request may ask for, and who may approve it. Pure.
 */
import { DomainError, type FieldIssue } from '../errors.ts';
import { defaultStarsFor, type GroupClass, isGroupClass, isTier, type Stars, type Tier } from './scheme.ts';

/** A customer's tier fields (any may still be null before the first approval). */
export type TierState = { tier: Tier | null; stars: number | null; groupClass: GroupClass | null };

/**
 * The effective date of an approval: the approval day (`today`, Asia/Shanghai). An approval
 * changes the customer's tier, stars and class at once (upgrades take effect on approval), so
 * the only honest effective date is today: a past day and a future day are both refused naming
 * `effectiveDate` (there is no scheduled application of a later tier change).
 *
 * @example
 * planEffectiveDate('2026-11-23', undefined); // '2026-11-23'
 * planEffectiveDate('2026-11-23', '2026-11-23'); // '2026-11-23'
 * planEffectiveDate('2026-11-23', '2026-12-01'); // throws VALIDATION_FAILED (effectiveDate)
 * planEffectiveDate('2026-11-23', '2026-11-01'); // throws VALIDATION_FAILED (effectiveDate)
 */
export function planEffectiveDate(today: string, requested: string | null | undefined): string {
  if (requested === undefined || requested === null) return today;
  if (requested < today) {
    const message = `effectiveDate ${requested} is in the past; a tier change takes effect on approval (${today})`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'effectiveDate', message }]);
  }
  if (requested > today) {
    const message = `effectiveDate ${requested} is in the future; a tier change takes effect on approval (${today}), approve it on that day instead`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'effectiveDate', message }]);
  }
  return requested;
}

/**
 * The customer's tier fields after approving a proposal's target. Stars follow the tier (nA → n★)
 * unless the proposal names stars; fields the proposal leaves null keep their value.
 *
 * @example
 * applyTierTarget({ tier: '3A', stars: 3, groupClass: 'B' }, { toTier: '4A', toStars: null, toGroupClass: null })
 * // → { tier: '4A', stars: 4, groupClass: 'B' }
 */
export function applyTierTarget(
  current: TierState,
  target: { toTier: string | null; toStars: number | null; toGroupClass: string | null },
): TierState {
  const tier = isTier(target.toTier) ? target.toTier : current.tier;
  const stars = target.toStars ?? (isTier(target.toTier) ? defaultStarsFor(target.toTier) : current.stars);
  const groupClass = isGroupClass(target.toGroupClass) ? target.toGroupClass : current.groupClass;
  return { tier, stars, groupClass };
}

export type OverrideRequest = {
  toTier?: string | undefined;
  toStars?: number | undefined;
  toGroupClass?: string | undefined;
  reason: string;
};

/**
 * Checks a manual override request against the customer's current tier: a known tier 1A–5A,
 * stars 1–5, class A/B/C, a non-blank reason, and at least one field that changes something.
 *
 * @example
 * validateOverride({ tier: '3A', stars: 3, groupClass: null }, { toTier: '6A', reason: 'x' })
 * // → [{ field: 'toTier', message: "unknown tier '6A'; one of 1A, 2A, 3A, 4A, 5A" }]
 */
export function validateOverride(current: TierState, request: OverrideRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (request.toTier !== undefined && !isTier(request.toTier)) {
    issues.push({ field: 'toTier', message: `unknown tier '${request.toTier}'; one of 1A, 2A, 3A, 4A, 5A` });
  }
  if (
    request.toStars !== undefined &&
    !(Number.isInteger(request.toStars) && request.toStars >= 1 && request.toStars <= 5)
  ) {
    issues.push({ field: 'toStars', message: 'stars are a whole number 1–5' });
  }
  if (request.toGroupClass !== undefined && !isGroupClass(request.toGroupClass)) {
    issues.push({
      field: 'toGroupClass',
      message: `unknown group class '${request.toGroupClass}'; one of A, B, C`,
    });
  }
  if (request.reason.trim() === '')
    issues.push({ field: 'reason', message: 'say why the tier should change' });
  if (issues.length > 0) return issues;
  if (request.toTier === undefined && request.toStars === undefined && request.toGroupClass === undefined) {
    return [{ field: 'toTier', message: 'name at least one of toTier, toStars, toGroupClass' }];
  }
  const after = applyTierTarget(current, {
    toTier: request.toTier ?? null,
    toStars: request.toStars ?? null,
    toGroupClass: request.toGroupClass ?? null,
  });
  if (
    after.tier === current.tier &&
    after.stars === current.stars &&
    after.groupClass === current.groupClass
  ) {
    return [{ field: 'toTier', message: 'the requested tier, stars and class are the current ones' }];
  }
  return [];
}

/**
 * Refuses self-approval of a manual override: it needs a second person (four-eyes rule).
 *
 * @example
 * assertNotSelfApproval({ kind: 'override', requestedBy: 'kam' }, 'kam'); // throws FORBIDDEN
 */
export function assertNotSelfApproval(
  proposal: { kind: string; requestedBy: string },
  approver: string,
): void {
  if (proposal.kind === 'override' && proposal.requestedBy === approver) {
    throw new DomainError(
      'FORBIDDEN',
      'You requested this tier override yourself; another kam_manager or an admin must approve it',
    );
  }
}

/** The stars a target implies, for display (`null` when the proposal keeps stars unchanged). */
export function targetStars(toTier: string | null, toStars: number | null): Stars | null {
  if (toStars !== null && toStars >= 1 && toStars <= 5) return toStars as Stars;
  return isTier(toTier) ? defaultStarsFor(toTier) : null;
}
