import { Descriptions, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProposalSnapshot } from '../../api/tiers';
import { formatScore } from './tier-labels';

const RESULTS = [
  'total',
  'currentValue',
  'directValue',
  'addedValue',
  'potentialValue',
  'loyalty',
  'influence',
] as const;

/**
 * The result scores an assessment had when it proposed the change (why this tier), and the
 * indicators it missed by their names (`indicatorName`, from the indicator catalogue).
 */
export function SnapshotView({
  snapshot,
  indicatorName = (key) => key,
}: {
  snapshot: ProposalSnapshot;
  indicatorName?: (key: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const has = RESULTS.some((key) => typeof snapshot[key] === 'number');
  if (!has) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tiers.snapshotEmpty')} />;
  return (
    <div data-testid="proposal-snapshot">
      <Descriptions size="small" column={4} title={t('tiers.snapshot')}>
        {RESULTS.map((key) => (
          <Descriptions.Item key={key} label={t(`tiers.result.${key}`)}>
            {formatScore(snapshot[key])}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {snapshot.asOf && (
        <Typography.Text type="secondary">{t('tiers.asOf', { date: snapshot.asOf })} </Typography.Text>
      )}
      {snapshot.missing && snapshot.missing.length > 0 && (
        <Typography.Text type="warning" data-testid="snapshot-missing">
          {t('tiers.missing', {
            list: snapshot.missing.map(indicatorName).join(i18n.language.startsWith('zh') ? '、' : ', '),
          })}
        </Typography.Text>
      )}
    </div>
  );
}
