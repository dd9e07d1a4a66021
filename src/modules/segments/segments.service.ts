/**
 * Segmentation (PRODUCT.md §3): the thresholds (app_meta, audited), the three matrices with
 * their quadrant strategies, the analysis by industry and region, and the per-period
 * satisfaction / competitor satisfaction / share of wallet of a customer.
 */
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import {
  axisThresholds,
  classify,
  computeMissingFacts,
  computeRsl,
  DEFAULT_THRESHOLDS,
  type MatrixKind,
  type MissingFact,
  pointFor,
  type Quadrant,
  type QuadrantSummary,
  roundRsl,
  type SegmentThresholds,
  summariseQuadrants,
  validateThresholds,
} from '../../domain/segments/matrix.ts';
import { type SummaryGroup, summariseSegments } from '../../domain/segments/summary.ts';
import { customerScope, loadScopedCustomer } from '../customers/customers.access.ts';
import { readMeta, regionTree, writeMeta } from '../tiers/tiers.repo.ts';
import { trailingYear } from '../tiers/tiers.service.ts';
import {
  type FactsFilter,
  findSatisfaction,
  findSegmentFacts,
  listSatisfaction,
  type SatisfactionRow,
  upsertSatisfaction,
} from './segments.repo.ts';

/** app_meta key of the segmentation thresholds. */
export const SEGMENT_SETTINGS_KEY = 'segments.settings';

export async function readThresholds(ex: Executor): Promise<SegmentThresholds> {
  const stored = await readMeta<Partial<SegmentThresholds>>(ex, SEGMENT_SETTINGS_KEY);
  return { ...DEFAULT_THRESHOLDS, ...(stored ?? {}) };
}

export function updateThresholds(
  deps: Deps,
  actor: Actor,
  input: SegmentThresholds,
): Promise<SegmentThresholds> {
  const issues = validateThresholds(input);
  if (issues.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'Invalid segmentation thresholds', issues);
  return deps.db.transaction(async (tx) => {
    const before = await readThresholds(tx);
    const after: SegmentThresholds = {
      valueScore: input.valueScore,
      satisfaction: input.satisfaction,
      rsl: input.rsl,
      walletShare: input.walletShare,
    };
    await writeMeta(tx, SEGMENT_SETTINGS_KEY, after, deps.now());
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'segmentSettings',
      entityId: SEGMENT_SETTINGS_KEY,
      before,
      after,
    });
    return after;
  });
}

export type MatrixPoint = {
  customerId: string;
  code: string;
  name: string;
  tier: string | null;
  industry: string;
  regionCode: string;
  x: number;
  y: number;
  quadrant: Quadrant;
};

export type MatrixView = {
  kind: MatrixKind;
  thresholds: SegmentThresholds;
  axis: { x: number; y: number };
  points: MatrixPoint[];
  quadrants: QuadrantSummary[];
  missing: number;
};

export type SegmentQuery = {
  industry?: string | undefined;
  regionCode?: string | undefined;
  tier?: string | undefined;
};

async function factsFilter(ex: Executor, query: SegmentQuery): Promise<FactsFilter> {
  const { regionCode, ...rest } = query;
  return { ...rest, ...(regionCode ? { regionCodes: await regionTree(ex, regionCode) } : {}) };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * One matrix over the customers in scope. A customer lacking either coordinate (no assessment,
 * no satisfaction, no competitor satisfaction or a competitor 0 for RSL, no wallet share) is
 * counted in `missing`, never plotted at 0.
 */
export async function computeMatrix(
  deps: Deps,
  user: ScopedUser,
  kind: MatrixKind,
  query: SegmentQuery,
): Promise<MatrixView> {
  const thresholds = await readThresholds(deps.db);
  const filter = await factsFilter(deps.db, query);
  const facts = await findSegmentFacts(deps.db, customerScope(user), filter);
  const points: MatrixPoint[] = [];
  let missing = 0;
  for (const f of facts) {
    const point = pointFor(kind, f);
    if (!point) {
      missing += 1;
      continue;
    }
    points.push({
      customerId: f.customerId,
      code: f.code,
      name: f.name,
      tier: f.tier,
      industry: f.industry,
      regionCode: f.regionCode,
      x: round(point.x, 4),
      y: round(point.y, 4),
      quadrant: classify(kind, point, thresholds),
    });
  }
  return {
    kind,
    thresholds,
    axis: axisThresholds(kind, thresholds),
    points,
    quadrants: summariseQuadrants(
      kind,
      points.map((p) => p.quadrant),
    ),
    missing,
  };
}

export type MissingCustomer = {
  customerId: string;
  code: string;
  name: string;
  tier: string | null;
  industry: string;
  regionCode: string;
  missing: MissingFact[];
};

/**
 * Who `missing` counts on a matrix: the customers in scope (same filters) lacking a fact the
 * matrix needs, by code, one page of them with the total.
 */
export async function listMissing(
  deps: Deps,
  user: ScopedUser,
  kind: MatrixKind,
  query: SegmentQuery,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MissingCustomer[] }> {
  const filter = await factsFilter(deps.db, query);
  const facts = await findSegmentFacts(deps.db, customerScope(user), filter);
  const all: MissingCustomer[] = [];
  for (const f of facts) {
    const missing = computeMissingFacts(kind, f);
    if (missing.length === 0) continue;
    const { customerId, code, name, tier, industry, regionCode } = f;
    all.push({ customerId, code, name, tier, industry, regionCode, missing });
  }
  return { total: all.length, items: all.slice(page.offset, page.offset + page.limit) };
}

/** The analysis by industry or region over the customers in scope (revenue of the trailing 12 months). */
export async function computeSummary(
  deps: Deps,
  user: ScopedUser,
  by: 'industry' | 'region',
  query: SegmentQuery,
): Promise<{
  by: 'industry' | 'region';
  fromMonth: string;
  toMonth: string;
  thresholds: SegmentThresholds;
  groups: SummaryGroup[];
}> {
  const thresholds = await readThresholds(deps.db);
  const window = trailingYear(deps);
  const filter = await factsFilter(deps.db, query);
  const facts = await findSegmentFacts(deps.db, customerScope(user), filter, window);
  return { by, ...window, thresholds, groups: summariseSegments(facts, by, thresholds) };
}

export type SatisfactionView = Omit<SatisfactionRow, 'enteredAt'> & { enteredAt: string; rsl: number | null };

function toView(row: SatisfactionRow): SatisfactionView {
  return {
    ...row,
    enteredAt: row.enteredAt.toISOString(),
    rsl: roundRsl(computeRsl(row.satisfaction, row.competitorSatisfaction)),
  };
}

export async function satisfactionHistory(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<SatisfactionView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  return (await listSatisfaction(deps.db, customerId)).map(toView);
}

export type SatisfactionInput = {
  period: string;
  satisfaction?: number | null | undefined;
  competitorSatisfaction?: number | null | undefined;
  walletShare?: number | null | undefined;
  source?: string | undefined;
};

/**
 * Writes one period's values (fields left out keep their stored value), audited with before/after.
 * At least one value must be given, and the row must keep at least one value.
 */
export function saveSatisfaction(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  customerId: string,
  input: SatisfactionInput,
): Promise<SatisfactionView> {
  return deps.db.transaction(async (tx) => {
    await loadScopedCustomer(tx, user, customerId);
    const before = await findSatisfaction(tx, customerId, input.period);
    const pick = (key: 'satisfaction' | 'competitorSatisfaction' | 'walletShare') =>
      input[key] !== undefined ? input[key] : (before?.[key] ?? null);
    const values = {
      satisfaction: pick('satisfaction'),
      competitorSatisfaction: pick('competitorSatisfaction'),
      walletShare: pick('walletShare'),
    };
    if (
      values.satisfaction === null &&
      values.competitorSatisfaction === null &&
      values.walletShare === null
    ) {
      const issues: FieldIssue[] = [
        {
          field: 'satisfaction',
          message: 'give at least one of satisfaction, competitorSatisfaction, walletShare',
        },
      ];
      throw new DomainError('VALIDATION_FAILED', issues[0]!.message, issues);
    }
    const saved = await upsertSatisfaction(tx, {
      customerId,
      period: input.period,
      ...values,
      source: input.source ?? 'manual',
      enteredBy: actor.name,
      enteredAt: deps.now(),
    });
    await writeAudit(tx, actor, {
      action: before ? 'update' : 'create',
      entity: 'customerSatisfaction',
      entityId: `${customerId}:${input.period}`,
      before: before ? { ...before, enteredAt: before.enteredAt.toISOString() } : null,
      after: { ...saved, enteredAt: saved.enteredAt.toISOString() },
    });
    return toView(saved);
  });
}
