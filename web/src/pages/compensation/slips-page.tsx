import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the compensation pages land. */
export function SlipsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('compensation.title')}</Typography.Title>;
}
