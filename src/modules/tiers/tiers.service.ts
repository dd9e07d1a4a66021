/**
 * The tier workflow (PRODUCT.md §2 "Tiers"): list proposals, approve or reject them (one by one
 * or in bulk), request a manual override, the tier history (loss equivalence is
 * `loss-equivalence.service.ts`). Every
 * decision locks the proposal (SELECT … FOR UPDATE), re-checks it is pending, and writes the
 * customer, the history row and the audit entries in one transaction.
 */
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import {
  applyTierTarget,
  assertNotSelfApproval,
  planEffectiveDate,
  type TierState,
  validateOverride,
} from '../../domain/tiers/decision.ts';
import { isGroupClass, isTier } from '../../domain/tiers/scheme.ts';
import { customerScope, loadScopedCustomer } from '../customers/customers.access.ts';
import {
  type CustomerRow,
  findLatestAssessment,
  findProposal,
  insertProposal,
  insertTierChange,
  listProposals,
  listTierChanges,
  lockCustomer,
  lockProposals,
  type ProposalFilter,
  type ProposalListRow,
  type ProposalRow,
  regionTree,
  supersedePending,
  type TierChangeListRow,
  updateCustomerTier,
  updateProposal,
} from './tiers.repo.ts';

export type ProposalView = Omit<ProposalListRow, 'createdAt' | 'decidedAt'> & {
  createdAt: string;
  decidedAt: string | null;
};

function toView(row: ProposalListRow): ProposalView {
  return { ...row, createdAt: row.createdAt.toISOString(), decidedAt: row.decidedAt?.toISOString() ?? null };
}

/** Today in Asia/Shanghai. */
export function todayOf(deps: Deps): string {
  return fromDayNumber(shanghaiDayNumberOf(deps.now().getTime()));
}

function tierStateOf(c: CustomerRow): TierState {
  return {
    tier: isTier(c.tier) ? c.tier : null,
    stars: c.stars,
    groupClass: isGroupClass(c.groupClass) ? c.groupClass : null,
  };
}

export async function listProposalsFor(
  deps: Deps,
  user: ScopedUser,
  query: Omit<ProposalFilter, 'regionCodes'> & { regionCode?: string | undefined },
  page: { limit: number; offset: number },
): Promise<{ total: number; items: ProposalView[] }> {
  const scope = customerScope(user);
  const { regionCode, ...rest } = query;
  const filter: ProposalFilter = {
    ...rest,
    ...(regionCode ? { regionCodes: await regionTree(deps.db, regionCode) } : {}),
  };
  const result = await listProposals(deps.db, scope, filter, page);
  return { total: result.total, items: result.items.map(toView) };
}

export async function getProposal(deps: Deps, user: ScopedUser, id: string): Promise<ProposalView> {
  const row = await findProposal(deps.db, customerScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No tier proposal ${id}`);
  return toView(row);
}

type Decision = { reason?: string | undefined; effectiveDate?: string | undefined };

/**
 * Approves one proposal inside `tx`; the caller has locked it. Throws NOT_FOUND (absent or out
 * of scope), PROPOSAL_DECIDED, FORBIDDEN (self-approval of an override) or VALIDATION_FAILED.
 */
async function approveLocked(
  tx: Executor,
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  proposal: ProposalRow | undefined,
  id: string,
  decision: Decision,
): Promise<ProposalView> {
  const scope = customerScope(user);
  if (!proposal || !(await findProposal(tx, scope, id)))
    throw new DomainError('NOT_FOUND', `No tier proposal ${id}`);
  if (proposal.status !== 'pending') {
    throw new DomainError('PROPOSAL_DECIDED', `The tier proposal is already ${proposal.status}`, [], {
      proposalStatus: proposal.status,
    });
  }
  assertNotSelfApproval(proposal, actor.name);
  const effectiveDate = planEffectiveDate(todayOf(deps), decision.effectiveDate);
  const now = deps.now();
  const customer = await lockCustomer(tx, proposal.customerId);
  const before = tierStateOf(customer);
  const after = applyTierTarget(before, proposal);
  const updated = await updateCustomerTier(tx, customer.id, {
    tier: after.tier,
    stars: after.stars,
    groupClass: after.groupClass,
    tierEffectiveDate: effectiveDate,
    updatedAt: now,
  });
  const reason = decision.reason ? `${proposal.reason};审批意见:${decision.reason}` : proposal.reason;
  await insertTierChange(tx, {
    customerId: customer.id,
    proposalId: proposal.id,
    fromTier: before.tier,
    toTier: after.tier,
    fromStars: before.stars,
    toStars: after.stars,
    fromGroupClass: before.groupClass,
    toGroupClass: after.groupClass,
    effectiveDate,
    reason,
    modelVersion: proposal.modelVersion,
    score: proposal.score,
    snapshot: proposal.snapshot,
    approvedBy: actor.name,
    at: now,
  });
  await updateProposal(tx, proposal.id, {
    status: 'approved',
    decidedBy: actor.name,
    decidedAt: now,
    decisionReason: decision.reason ?? null,
    effectiveDate,
  });
  await writeAudit(tx, actor, {
    action: 'tier-change',
    entity: 'customer',
    entityId: customer.id,
    before: { ...before, tierEffectiveDate: customer.tierEffectiveDate, version: customer.version },
    after: { ...after, tierEffectiveDate: effectiveDate, version: updated.version, proposalId: proposal.id },
    reason,
  });
  await writeAudit(tx, actor, {
    action: 'approve',
    entity: 'tierProposal',
    entityId: proposal.id,
    before: { status: 'pending' },
    after: {
      status: 'approved',
      effectiveDate,
      kind: proposal.kind,
      toTier: after.tier,
      toStars: after.stars,
    },
    reason: decision.reason ?? null,
  });
  const view = await findProposal(tx, scope, id);
  return toView(view!);
}

export function approveProposal(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  decision: Decision,
): Promise<ProposalView> {
  return deps.db.transaction(async (tx) => {
    const locked = await lockProposals(tx, [id]);
    return approveLocked(tx, deps, user, actor, locked.get(id), id, decision);
  });
}

/**
 * Bulk approval is all-or-nothing: every proposal is locked and checked first; if any cannot be
 * approved (absent, out of scope, decided, self-requested override), nothing is approved and the
 * answer lists each failing id (`errors[].field = ids[i]`, `details.failures[]` with the code).
 */
export function bulkApprove(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  ids: readonly string[],
  reason: string | undefined,
): Promise<{ approved: number; proposals: ProposalView[] }> {
  const unique = [...new Set(ids)];
  return deps.db.transaction(async (tx) => {
    const locked = await lockProposals(tx, unique);
    const scope = customerScope(user);
    const issues: FieldIssue[] = [];
    const failures: { id: string; code: string; message: string }[] = [];
    for (const [i, id] of ids.entries()) {
      if (ids.indexOf(id) !== i) continue;
      const p = locked.get(id);
      let failure: { code: string; message: string } | null = null;
      if (!p || !(await findProposal(tx, scope, id)))
        failure = { code: 'NOT_FOUND', message: 'no such proposal' };
      else if (p.status !== 'pending') failure = { code: 'PROPOSAL_DECIDED', message: `already ${p.status}` };
      else if (p.kind === 'override' && p.requestedBy === actor.name) {
        failure = {
          code: 'FORBIDDEN',
          message: 'you requested this override; another manager must approve it',
        };
      }
      if (failure) {
        issues.push({ field: `ids[${i}]`, message: `${failure.code}: ${failure.message}` });
        failures.push({ id, ...failure });
      }
    }
    if (issues.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `${issues.length} of ${unique.length} proposals cannot be approved; nothing was approved`,
        issues,
        { failures },
      );
    }
    const proposals: ProposalView[] = [];
    for (const id of unique) {
      proposals.push(await approveLocked(tx, deps, user, actor, locked.get(id), id, { reason }));
    }
    return { approved: proposals.length, proposals };
  });
}

export function rejectProposal(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  reason: string,
): Promise<ProposalView> {
  return deps.db.transaction(async (tx) => {
    const locked = await lockProposals(tx, [id]);
    const proposal = locked.get(id);
    const scope = customerScope(user);
    if (!proposal || !(await findProposal(tx, scope, id)))
      throw new DomainError('NOT_FOUND', `No tier proposal ${id}`);
    if (proposal.status !== 'pending') {
      throw new DomainError('PROPOSAL_DECIDED', `The tier proposal is already ${proposal.status}`, [], {
        proposalStatus: proposal.status,
      });
    }
    await updateProposal(tx, id, {
      status: 'rejected',
      decidedBy: actor.name,
      decidedAt: deps.now(),
      decisionReason: reason,
    });
    await writeAudit(tx, actor, {
      action: 'reject',
      entity: 'tierProposal',
      entityId: id,
      before: { status: 'pending' },
      after: { status: 'rejected', kind: proposal.kind, toTier: proposal.toTier },
      reason,
    });
    return toView((await findProposal(tx, scope, id))!);
  });
}

export type OverrideInput = {
  toTier?: string | undefined;
  toStars?: number | undefined;
  toGroupClass?: string | undefined;
  reason: string;
};

/**
 * A manual tier change request: a pending 'override' proposal (superseding an older pending one)
 * that someone other than the requester must approve. Score, model version and snapshot come
 * from the customer's latest assessment, when there is one.
 */
export function requestOverride(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  customerId: string,
  input: OverrideInput,
): Promise<ProposalView> {
  return deps.db.transaction(async (tx) => {
    await loadScopedCustomer(tx, user, customerId);
    const customer = await lockCustomer(tx, customerId);
    const current = tierStateOf(customer);
    const issues = validateOverride(current, input);
    if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', issues[0]!.message, issues);
    const target = applyTierTarget(current, {
      toTier: input.toTier ?? null,
      toStars: input.toStars ?? null,
      toGroupClass: input.toGroupClass ?? null,
    });
    const now = deps.now();
    const superseded = await supersedePending(tx, customerId, now);
    const latest = await findLatestAssessment(tx, customerId);
    const snapshot = latest
      ? {
          total: latest.total,
          currentValue: latest.currentValue,
          directValue: latest.directValue,
          addedValue: latest.addedValue,
          potentialValue: latest.potentialValue,
          loyalty: latest.loyalty,
          influence: latest.influence,
          scores: latest.scores,
          missing: latest.missing,
          asOf: latest.asOf,
        }
      : {};
    const created = await insertProposal(tx, {
      customerId,
      runId: null,
      kind: 'override',
      fromTier: current.tier,
      toTier: target.tier,
      fromStars: current.stars,
      toStars: target.stars,
      fromGroupClass: current.groupClass,
      toGroupClass: target.groupClass,
      score: latest?.total ?? null,
      modelVersion: latest?.modelVersion ?? null,
      snapshot,
      reason: input.reason,
      status: 'pending',
      requestedBy: actor.name,
      createdAt: now,
    });
    await writeAudit(tx, actor, {
      action: 'request-override',
      entity: 'tierProposal',
      entityId: created.id,
      after: { customerId, kind: 'override', from: current, to: target, superseded },
      reason: input.reason,
    });
    const scope = customerScope(user);
    return toView((await findProposal(tx, scope, created.id))!);
  });
}

export type TierChangeView = Omit<TierChangeListRow, 'at'> & { at: string };

export async function tierHistory(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<TierChangeView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  const rows = await listTierChanges(deps.db, customerId);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** First day of the month `delta` months from the month of `day`. */
export function monthStart(day: string, delta: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** The 12 billing months ending with the current month (Asia/Shanghai): [first, last]. */
export function trailingYear(deps: Deps): { fromMonth: string; toMonth: string } {
  const today = todayOf(deps);
  return { fromMonth: monthStart(today, -11), toMonth: monthStart(today, 0) };
}
