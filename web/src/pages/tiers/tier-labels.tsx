import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ProposalKind } from '../../api/tiers';

const KIND_COLORS: Record<ProposalKind, string> = {
  upgrade: 'green',
  downgrade: 'orange',
  initial: 'blue',
  override: 'purple',
};

/** The kind of a proposal as a coloured tag: upgrade ↑, downgrade ↓, initial, override. */
export function KindTag({ kind, t }: { kind: ProposalKind; t: TFunction }) {
  return (
    <Tag color={KIND_COLORS[kind]} data-testid={`kind-${kind}`}>
      {t(`tiers.kind.${kind}`)}
    </Tag>
  );
}

/** '3A 3★' — a tier with its stars (and group class when set); '—' when none. */
export function formatTier(tier: string | null, stars: number | null, groupClass?: string | null): string {
  const parts = [tier, stars ? `${stars}★` : null, groupClass ? `(${groupClass})` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '—';
}

/** A score with one decimal, or '—'. */
export function formatScore(score: number | null | undefined): string {
  return typeof score === 'number' ? score.toFixed(1) : '—';
}
