/**
 * The compensation slip workflow (赔付单, PRODUCT.md §6, issue 6 item 6): a pure transition table
 * with the roles that may take each step, the four-eyes rule, and the amount-change rule.
 *
 *   raised ──ops_statement──▶ ops_stated ──approve──▶ approved ──confirm──▶ customer_confirmed ──settle──▶ settled
 *                                  └───────reject───▶ rejected
 *
 * - ops_statement: ops_engineer or admin, naming the responsible segment and an opinion.
 * - approve / reject: kam_manager or admin, never the person who raised the slip or stated it
 *   (four eyes → SELF_APPROVAL); a rejection needs a reason.
 * - confirm: the customer's account manager, a kam_manager or an admin records the customer's
 *   confirmation (who, when, note).
 * - settle: kam_manager or admin, with a settlement reference (e.g. the bill credit number).
 * - The amount may change only before approval (raised, ops_stated), by kam_manager, ops_engineer
 *   or admin, with a reason; the computed amount is kept beside it.
 */
import type { Role } from '../access.ts';
import { DomainError } from '../errors.ts';
import { isFen } from './money.ts';

export const SLIP_STATUSES = [
  'raised',
  'ops_stated',
  'approved',
  'rejected',
  'customer_confirmed',
  'settled',
] as const;
export type SlipStatus = (typeof SLIP_STATUSES)[number];

export const SLIP_KINDS = ['provisioning_late', 'sla_availability', 'sla_restore'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

export const SLIP_STEPS = ['ops_statement', 'approve', 'reject', 'confirm', 'settle'] as const;
export type SlipStep = (typeof SLIP_STEPS)[number];

/** Where ops places the responsibility (责任环节). */
export const RESPONSIBLE_SEGMENTS = [
  'access_network',
  'transmission',
  'core_network',
  'field_installation',
  'customer_side',
  'other_operator',
  'other',
] as const;
export type ResponsibleSegment = (typeof RESPONSIBLE_SEGMENTS)[number];

/** Final statuses: nothing more happens to the slip. */
export const FINAL_STATUSES: readonly SlipStatus[] = ['rejected', 'settled'];

export type Transition = {
  from: SlipStatus;
  to: SlipStatus;
  roles: readonly Role[];
  /** Four eyes: refused to the user who raised or stated the slip. */
  fourEyes: boolean;
  /** Only the customer's own account manager among account managers. */
  ownCustomerOnly: boolean;
};

/** The transition table: one row per step. */
export const SLIP_TRANSITIONS: Record<SlipStep, Transition> = {
  ops_statement: {
    from: 'raised',
    to: 'ops_stated',
    roles: ['ops_engineer', 'admin'],
    fourEyes: false,
    ownCustomerOnly: false,
  },
  approve: {
    from: 'ops_stated',
    to: 'approved',
    roles: ['kam_manager', 'admin'],
    fourEyes: true,
    ownCustomerOnly: false,
  },
  reject: {
    from: 'ops_stated',
    to: 'rejected',
    roles: ['kam_manager', 'admin'],
    fourEyes: true,
    ownCustomerOnly: false,
  },
  confirm: {
    from: 'approved',
    to: 'customer_confirmed',
    roles: ['account_manager', 'kam_manager', 'admin'],
    fourEyes: false,
    ownCustomerOnly: true,
  },
  settle: {
    from: 'customer_confirmed',
    to: 'settled',
    roles: ['kam_manager', 'admin'],
    fourEyes: false,
    ownCustomerOnly: false,
  },
};

/** Who may change the amount, and in which statuses. */
export const AMOUNT_CHANGE_ROLES: readonly Role[] = ['kam_manager', 'ops_engineer', 'admin'];
export const AMOUNT_CHANGE_STATUSES: readonly SlipStatus[] = ['raised', 'ops_stated'];

/** What the rules need to know of a slip. */
export type SlipState = {
  status: SlipStatus;
  raisedById: string | null;
  opsById: string | null;
  /** The customer's account manager. */
  accountManagerId: string | null;
};

export type SlipUser = { id: string; role: Role };

/** The reason a step is refused, or null when it is allowed. */
export function checkSlipStep(slip: SlipState, step: SlipStep, user: SlipUser): DomainError | null {
  const t = SLIP_TRANSITIONS[step];
  if (!t.roles.includes(user.role)) {
    return new DomainError('FORBIDDEN', `The role ${user.role} may not take the step ${step}`);
  }
  if (t.ownCustomerOnly && user.role === 'account_manager' && slip.accountManagerId !== user.id) {
    return new DomainError('FORBIDDEN', 'Only the customer’s own account manager records its confirmation');
  }
  if (slip.status !== t.from) {
    return new DomainError(
      'ILLEGAL_TRANSITION',
      `A slip that is ${slip.status} cannot take the step ${step} (it must be ${t.from})`,
      [],
      { from: slip.status, step, expected: t.from },
    );
  }
  if (t.fourEyes && (user.id === slip.raisedById || user.id === slip.opsById)) {
    return new DomainError(
      'SELF_APPROVAL',
      'Four eyes: the person who raised the slip or stated its responsibility cannot decide on it',
    );
  }
  return null;
}

/**
 * The status after `step`, or a DomainError: 403 FORBIDDEN for a role that may not take it, 409
 * ILLEGAL_TRANSITION for a step out of order, 403 SELF_APPROVAL when the decider raised or stated it.
 *
 * @example
 * planSlipStep({ status: 'raised', raisedById: null, opsById: null, accountManagerId: 'am' }, 'ops_statement', { id: 'u', role: 'ops_engineer' });
 * // → 'ops_stated'
 */
export function planSlipStep(slip: SlipState, step: SlipStep, user: SlipUser): SlipStatus {
  const refusal = checkSlipStep(slip, step, user);
  if (refusal) throw refusal;
  return SLIP_TRANSITIONS[step].to;
}

/**
 * The steps `user` may take on `slip` now (what the slip page offers), including an amount change
 * as `'amount'`.
 *
 * @example
 * availableSlipActions({ status: 'ops_stated', raisedById: null, opsById: 'ops', accountManagerId: 'am' }, { id: 'kam', role: 'kam_manager' });
 * // → ['approve', 'reject', 'amount']
 */
export function availableSlipActions(slip: SlipState, user: SlipUser): (SlipStep | 'amount')[] {
  const out: (SlipStep | 'amount')[] = SLIP_STEPS.filter((s) => checkSlipStep(slip, s, user) === null);
  if (checkAmountChange(slip, user) === null) out.push('amount');
  return out;
}

/**
 * The statuses (with the four-eyes and own-customer conditions) in which a role has something to
 * do — the "my to-do" inbox.
 *
 * @example
 * todoStatusesFor('kam_manager'); // → ['ops_stated', 'approved', 'customer_confirmed']
 */
export function todoStatusesFor(role: Role): SlipStatus[] {
  const out: SlipStatus[] = [];
  for (const step of SLIP_STEPS) {
    const t = SLIP_TRANSITIONS[step];
    if (t.roles.includes(role) && !out.includes(t.from)) out.push(t.from);
  }
  return out;
}

function checkAmountChange(slip: SlipState, user: SlipUser): DomainError | null {
  if (!AMOUNT_CHANGE_ROLES.includes(user.role)) {
    return new DomainError('FORBIDDEN', `The role ${user.role} may not change a slip's amount`);
  }
  if (!AMOUNT_CHANGE_STATUSES.includes(slip.status)) {
    return new DomainError(
      'ILLEGAL_TRANSITION',
      `The amount of a slip that is ${slip.status} cannot change (only before approval)`,
      [],
      { from: slip.status, step: 'amount' },
    );
  }
  return null;
}

/**
 * Checks an amount change: role, status (before approval), whole non-negative fen, a different
 * amount, and a reason. Returns the trimmed reason.
 *
 * @example
 * planAmountChange({ status: 'raised', raisedById: null, opsById: null, accountManagerId: null }, 45_000, { id: 'k', role: 'kam_manager' }, { amountFen: 40_000, reason: '协商一致' });
 * // → { before: 45_000, after: 40_000, reason: '协商一致' }
 */
export function planAmountChange(
  slip: SlipState,
  currentAmountFen: number,
  user: SlipUser,
  input: { amountFen: number; reason: string },
): { before: number; after: number; reason: string } {
  const refusal = checkAmountChange(slip, user);
  if (refusal) throw refusal;
  const reason = input.reason.trim();
  const issues = [];
  if (!isFen(input.amountFen)) {
    issues.push({ field: 'amountFen', message: 'a whole, non-negative number of fen' });
  } else if (input.amountFen === currentAmountFen) {
    issues.push({ field: 'amountFen', message: 'the amount is unchanged' });
  }
  if (reason.length === 0) issues.push({ field: 'reason', message: 'say why the amount changes' });
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'The amount change is invalid', issues);
  return { before: currentAmountFen, after: input.amountFen, reason };
}
