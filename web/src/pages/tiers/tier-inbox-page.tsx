import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function TierInboxPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('tiers.title')}</Typography.Title>;
}
