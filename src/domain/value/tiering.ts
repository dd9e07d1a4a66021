/**
 * From total score to tier (PRODUCT.md §2): the tier a score indicates under the model's cut
 * points (thresholds or quotas), and whether a tier proposal follows — initial tiers and
 * upgrades at once, downgrades only after the assessments of `graceRuns` earlier assessment periods
 * (calendar months) confirmed them.
 */
import {
  defaultStarsFor,
  GROUP_CLASSES,
  type GroupClass,
  groupClassRank,
  isGroupClass,
  isTier,
  type Stars,
  TIERS,
  type Tier,
  tierRank,
} from '../tiers/scheme.ts';
import type { TieringSettings } from './model.ts';

/** Classes of a scheme from the highest down. */
export function classesOf(scheme: TieringSettings['scheme']): readonly (Tier | GroupClass)[] {
  return scheme === 'telecom' ? [...TIERS].reverse() : GROUP_CLASSES;
}

export type IndicatedTier = {
  /** 1A–5A under the telecom scheme, else null. */
  tier: Tier | null;
  /** A/B/C under the mobile scheme, else null. */
  groupClass: GroupClass | null;
  /** Default stars of the tier (nA → n★), null under the mobile scheme. */
  stars: Stars | null;
  /** Why, in Chinese, e.g. '评估总分 82.4 ≥ 5A 切分点 80'. */
  reason: string;
};

/**
 * The tier a total score indicates. `rankFraction` is the share of the population that scored
 * strictly higher (0 for the best; used by quotas only). Null when total is null.
 * @example tierFor(82.4, 0.01, DEFAULT_MODEL.tiering) // { tier: '5A', stars: 5, … }
 */
export function tierFor(
  total: number | null,
  rankFraction: number,
  tiering: { scheme: TieringSettings['scheme']; method: TieringSettings['method']; cuts: readonly number[] },
): IndicatedTier | null {
  if (total === null || !Number.isFinite(total)) return null;
  const classes = classesOf(tiering.scheme);
  let index = tiering.cuts.length; // the lowest class
  for (let i = 0; i < tiering.cuts.length; i++) {
    const cut = tiering.cuts[i] as number;
    if (tiering.method === 'threshold' ? total >= cut : rankFraction < cut) {
      index = i;
      break;
    }
  }
  const cls = classes[index] as Tier | GroupClass;
  const score = fmt(total);
  let reason: string;
  if (tiering.method === 'threshold') {
    const cut = tiering.cuts[index];
    const below = tiering.cuts[index - 1];
    reason =
      cut !== undefined
        ? `评估总分 ${score} ≥ ${cls} 切分点 ${fmt(cut)}`
        : `评估总分 ${score} < ${classes[index - 1]} 切分点 ${fmt(below ?? 0)}`;
  } else {
    const pct = fmt(rankFraction * 100);
    const cut = tiering.cuts[index];
    reason =
      cut !== undefined
        ? `评估总分 ${score},排名前 ${pct}% < ${cls} 配额前 ${fmt(cut * 100)}%`
        : `评估总分 ${score},排名前 ${pct}% ≥ 配额前 ${fmt((tiering.cuts[index - 1] ?? 0) * 100)}%`;
  }
  if (tiering.scheme === 'telecom') {
    const tier = cls as Tier;
    return { tier, groupClass: null, stars: defaultStarsFor(tier), reason };
  }
  return { tier: null, groupClass: cls as GroupClass, stars: null, reason };
}

export type TierProposalKind = 'initial' | 'upgrade' | 'downgrade';
export type ProposedTier = {
  kind: TierProposalKind;
  toTier: Tier | null;
  toStars: Stars | null;
  toGroupClass: GroupClass | null;
  reason: string;
};

function rankOf(cls: Tier | GroupClass): number {
  return isTier(cls) ? tierRank(cls) : groupClassRank(cls);
}

/**
 * Whether an assessment proposes a tier change (PRODUCT.md §2): `current` is the customer's
 * tier (or group class, by scheme) or null; `indicated` the class this assessment indicates;
 * `previousIndicated` the classes indicated in EARLIER assessment periods, newest first: one entry
 * per calendar month before this assessment's month (its latest assessment), never another
 * assessment of the same month — a same-day "reassess" reads the same bills and confirms nothing
 * (the caller selects them; see `previousIndicationsSql` in the assessment repo).
 * No tier → 'initial'; higher → 'upgrade' at once; lower → 'downgrade' only when the previous
 * `graceRuns` periods all indicated a class below the current one too; equal (or nothing
 * indicated) → null.
 * @example proposeTier('4A', '3A', ['3A'], 1)?.kind // 'downgrade'
 * @example proposeTier('4A', '3A', ['4A'], 1) // null — not yet confirmed
 */
export function proposeTier(
  current: Tier | GroupClass | null,
  indicated: Tier | GroupClass | null,
  previousIndicated: readonly (Tier | GroupClass | null)[],
  graceRuns: number,
): ProposedTier | null {
  if (indicated === null) return null;
  const to = (kind: TierProposalKind, reason: string): ProposedTier =>
    isTier(indicated)
      ? { kind, toTier: indicated, toStars: defaultStarsFor(indicated), toGroupClass: null, reason }
      : { kind, toTier: null, toStars: null, toGroupClass: indicated, reason };
  if (current === null || isTier(current) !== isTier(indicated)) {
    // no tier yet, or the scheme changed: the first tier under this scheme
    return to('initial', `首次定级为 ${indicated}`);
  }
  const diff = rankOf(indicated) - rankOf(current);
  if (diff === 0) return null;
  if (diff > 0) return to('upgrade', `升级: ${current} → ${indicated}`);
  const window = previousIndicated.slice(0, graceRuns);
  const confirmed =
    window.length >= graceRuns &&
    window.every(
      (p) =>
        p !== null &&
        (isTier(p) || isGroupClass(p)) &&
        isTier(p) === isTier(current) &&
        rankOf(p) < rankOf(current),
    );
  if (!confirmed) return null;
  return to(
    'downgrade',
    graceRuns > 0
      ? `降级: ${current} → ${indicated}(${graceRuns + 1} 个月份的评估均低于 ${current})`
      : `降级: ${current} → ${indicated}`,
  );
}

function fmt(x: number): string {
  return String(Math.round(x * 10) / 10);
}
