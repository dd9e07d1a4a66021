/** Display helpers of the resources pages: names by language, kind tags, money, period labels. */
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { BudgetPeriod, ResourceKind } from '../../api/resources';

export { formatYuan } from '../customers/customer-format';

const KIND_COLORS: Record<ResourceKind, string> = {
  gift: 'magenta',
  voucher: 'geekblue',
  consumable: 'gold',
  spare_equipment: 'cyan',
};

export function KindTag({ kind, t }: { kind: ResourceKind; t: TFunction }) {
  return <Tag color={KIND_COLORS[kind]}>{t(`resources.kind.${kind}`)}</Tag>;
}

/** The resource's name in the UI language. */
export function nameIn(
  language: string,
  row: { name?: string; nameEn?: string; resourceName?: string; resourceNameEn?: string },
): string {
  const zh = row.resourceName ?? row.name ?? '';
  const en = row.resourceNameEn ?? row.nameEn ?? zh;
  return language.startsWith('en') ? en : zh;
}

export function periodLabel(period: BudgetPeriod, t: TFunction): string {
  return t(`resources.period.${period}`);
}

/** The level order of the grid and chart: tiers high to low, then group classes. */
export const LEVEL_ORDER = ['5A', '4A', '3A', '2A', '1A', 'A', 'B', 'C'] as const;
