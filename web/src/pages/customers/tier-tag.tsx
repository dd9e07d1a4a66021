import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GroupClass, Tier } from '../../api/customers';
import { TIER_COLORS } from './customer-format';

/** The tier as a coloured tag followed by its service stars (★), or "unrated". */
export function TierTag({
  tier,
  stars,
  groupClass,
}: {
  tier: Tier | null;
  stars: number | null;
  groupClass?: GroupClass | null;
}) {
  const { t } = useTranslation();
  if (!tier && !groupClass) {
    return <Typography.Text type="secondary">{t('customers.unrated')}</Typography.Text>;
  }
  return (
    <Space size={4} wrap={false} data-testid="tier-tag">
      {tier && (
        <Tag color={TIER_COLORS[tier]} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
          {tier}
        </Tag>
      )}
      {groupClass && (
        <Tag style={{ marginInlineEnd: 0 }}>{t('customers.groupClassLabel', { groupClass })}</Tag>
      )}
      {stars !== null && stars > 0 && (
        <Tooltip title={t('customers.stars', { count: stars })}>
          <span style={{ color: '#faad14', letterSpacing: 1, whiteSpace: 'nowrap' }}>
            {'★'.repeat(stars)}
          </span>
        </Tooltip>
      )}
    </Space>
  );
}
