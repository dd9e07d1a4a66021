import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the reports pages land. */
export function ReportsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('reports.title')}</Typography.Title>;
}
