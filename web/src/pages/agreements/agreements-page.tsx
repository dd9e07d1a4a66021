import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the agreements pages land. */
export function AgreementsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('agreements.title')}</Typography.Title>;
}
