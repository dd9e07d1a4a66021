/**
 * Loss equivalence (PRODUCT.md §2): how many commercial and public customers a key account's
 * revenue equals. The segment averages it divides by are configured (shipped defaults, typed in
 * by an administrator, or adopted from billing) and are measured from the segments' monthly
 * billing totals over the trailing 12 months; both are shown, every change audited with a reason.
 */
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  averageFen,
  computeEquivalents,
  computeLossEquivalence,
  computeSegmentAverages,
  DEFAULT_SEGMENT_AVERAGES,
  type Equivalents,
  type LossEquivalence,
  type MeasuredAverage,
  resolveSegmentAverages,
  type Segment,
  type SegmentAverages,
  type SegmentAveragesChange,
  type SegmentAveragesSource,
  type SegmentBillingMonth,
  validateSegmentBilling,
} from '../../domain/tiers/loss-equivalence.ts';
import { customerScope, loadScopedCustomer } from '../customers/customers.access.ts';
import {
  findSegmentBilling,
  lockSegmentBilling,
  type SegmentBillingRow,
  sumKeyAccountBilling,
  upsertSegmentBilling,
} from './loss-equivalence.repo.ts';
import { findMonthlyRevenues, readMeta, writeMeta } from './tiers.repo.ts';
import { monthStart, todayOf, trailingYear } from './tiers.service.ts';

/** app_meta key of the loss-equivalence segment averages. */
export const TIER_SETTINGS_KEY = 'tiers.settings';

/** The configured averages with where they came from and the last change. */
export type ConfiguredAverages = SegmentAverages & {
  source: SegmentAveragesSource;
  /** The billing period measured, when adopted from billing. */
  fromMonth: string | null;
  toMonth: string | null;
  reason: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
};

/** Stored as app_meta JSON; early versions stored the two figures only. */
type StoredSettings = Partial<Omit<ConfiguredAverages, 'source'>> & { source?: 'manual' | 'measured' };

export type MeasuredAverages = {
  fromMonth: string;
  toMonth: string;
  commercial: MeasuredAverage;
  public: MeasuredAverage;
  /** The key accounts in the reader's scope, from their own billing. */
  keyAccounts: MeasuredAverage & { customers: number };
};

export type TierSettingsView = {
  configured: ConfiguredAverages;
  measured: MeasuredAverages;
  /** The average key account (measured) in commercial / public customers, by either figures. */
  keyAccountEquivalents: { configured: Equivalents; measured: Equivalents };
};

async function readConfigured(ex: Executor): Promise<ConfiguredAverages> {
  const stored = await readMeta<StoredSettings>(ex, TIER_SETTINGS_KEY);
  if (!stored || stored.commercialAvgFen === undefined || stored.publicAvgFen === undefined) {
    return {
      ...DEFAULT_SEGMENT_AVERAGES,
      source: 'default',
      fromMonth: null,
      toMonth: null,
      reason: null,
      updatedBy: null,
      updatedAt: null,
    };
  }
  return {
    commercialAvgFen: stored.commercialAvgFen,
    publicAvgFen: stored.publicAvgFen,
    source: stored.source ?? 'manual',
    fromMonth: stored.fromMonth ?? null,
    toMonth: stored.toMonth ?? null,
    reason: stored.reason ?? null,
    updatedBy: stored.updatedBy ?? null,
    updatedAt: stored.updatedAt ?? null,
  };
}

/** The segment averages loss equivalence divides by (the configured ones). */
export async function readTierSettings(ex: Executor): Promise<SegmentAverages> {
  const { commercialAvgFen, publicAvgFen } = await readConfigured(ex);
  return { commercialAvgFen, publicAvgFen };
}

async function measure(
  ex: Executor,
  user: ScopedUser,
  window: { fromMonth: string; toMonth: string },
): Promise<MeasuredAverages> {
  const segments = computeSegmentAverages(await findSegmentBilling(ex, window.fromMonth, window.toMonth));
  const own = await sumKeyAccountBilling(ex, customerScope(user), window.fromMonth, window.toMonth);
  return {
    ...window,
    ...segments,
    keyAccounts: {
      avgFen: averageFen(own.revenueFen, own.customerMonths),
      months: own.months,
      revenueFen: own.revenueFen,
      customerMonths: own.customerMonths,
      customers: own.customers,
    },
  };
}

function viewOf(configured: ConfiguredAverages, measured: MeasuredAverages): TierSettingsView {
  const keyAccountAvg = measured.keyAccounts.avgFen;
  return {
    configured,
    measured,
    keyAccountEquivalents: {
      configured: computeEquivalents(keyAccountAvg, configured),
      measured: computeEquivalents(keyAccountAvg, {
        commercialAvgFen: measured.commercial.avgFen,
        publicAvgFen: measured.public.avgFen,
      }),
    },
  };
}

/** The configured averages beside the ones measured over the trailing 12 months. */
export async function getTierSettings(deps: Deps, user: ScopedUser): Promise<TierSettingsView> {
  const configured = await readConfigured(deps.db);
  return viewOf(configured, await measure(deps.db, user, trailingYear(deps)));
}

export type TierSettingsInput = SegmentAveragesChange & { reason: string };

/**
 * Sets the averages: typed in (`manual`) or adopted from the trailing 12 months of segment
 * billing (`measured`, computed here, never taken from the client). Audited with the reason.
 */
export function updateTierSettings(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  input: TierSettingsInput,
): Promise<TierSettingsView> {
  const window = trailingYear(deps);
  return deps.db.transaction(async (tx) => {
    const measured = await measure(tx, user, window);
    const averages = resolveSegmentAverages(input, measured);
    const before = await readConfigured(tx);
    const after: ConfiguredAverages = {
      ...averages,
      source: input.source,
      fromMonth: input.source === 'measured' ? window.fromMonth : null,
      toMonth: input.source === 'measured' ? window.toMonth : null,
      reason: input.reason,
      updatedBy: actor.name,
      updatedAt: deps.now().toISOString(),
    };
    await writeMeta(tx, TIER_SETTINGS_KEY, after, deps.now());
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'tierSettings',
      entityId: TIER_SETTINGS_KEY,
      before,
      after,
      reason: input.reason,
    });
    return viewOf(after, measured);
  });
}

/**
 * The customer's average monthly revenue over the 12 months ending with the current month
 * (months with billing only) divided by the configured commercial and public segment averages.
 */
export async function lossEquivalence(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<LossEquivalence & { fromMonth: string; toMonth: string }> {
  await loadScopedCustomer(deps.db, user, customerId);
  const window = trailingYear(deps);
  const revenues = await findMonthlyRevenues(deps.db, customerId, window.fromMonth, window.toMonth);
  return { ...computeLossEquivalence(revenues, await readTierSettings(deps.db)), ...window };
}

export type SegmentBillingView = SegmentBillingMonth & { updatedBy: string; updatedAt: string };

const billingView = (r: SegmentBillingRow): SegmentBillingView => ({
  segment: r.segment,
  month: r.month,
  revenueFen: r.revenueFen,
  billedCustomers: r.billedCustomers,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

/** Segment billing months, newest first; by default the 24 months ending with the current one. */
export async function listSegmentBilling(
  deps: Deps,
  query: { fromMonth?: string | undefined; toMonth?: string | undefined },
): Promise<SegmentBillingView[]> {
  const current = monthStart(todayOf(deps), 0);
  const toMonth = query.toMonth ?? current;
  const fromMonth = query.fromMonth ?? monthStart(toMonth, -23);
  if (fromMonth > toMonth) {
    throw new DomainError('VALIDATION_FAILED', 'fromMonth is after toMonth', [
      { field: 'fromMonth', message: `must not be after toMonth (${toMonth})` },
    ]);
  }
  return (await findSegmentBilling(deps.db, fromMonth, toMonth)).map(billingView);
}

/**
 * Stores segment billing months (new ones inserted, existing ones replaced), each audited with
 * its before and after and the reason; all or nothing, every bad field named.
 */
export function saveSegmentBilling(
  deps: Deps,
  actor: Actor,
  input: { rows: SegmentBillingMonth[]; reason: string },
): Promise<SegmentBillingView[]> {
  const issues = validateSegmentBilling(input.rows, monthStart(todayOf(deps), 0));
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Invalid segment billing', issues);
  return deps.db.transaction(async (tx) => {
    const existing = await lockSegmentBilling(tx, input.rows);
    const key = (r: { segment: Segment; month: string }) => `${r.segment}:${r.month}`;
    const before = new Map(existing.map((r) => [key(r), billingView(r)]));
    const at = deps.now();
    await upsertSegmentBilling(tx, input.rows, actor.name, at);
    const saved: SegmentBillingView[] = input.rows.map((r) => ({
      segment: r.segment,
      month: r.month,
      revenueFen: r.revenueFen,
      billedCustomers: r.billedCustomers,
      updatedBy: actor.name,
      updatedAt: at.toISOString(),
    }));
    for (const row of saved) {
      const previous = before.get(key(row));
      await writeAudit(tx, actor, {
        action: previous ? 'update' : 'create',
        entity: 'segmentBilling',
        entityId: key(row),
        before: previous ?? null,
        after: row,
        reason: input.reason,
      });
    }
    return saved;
  });
}
