import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function ImportsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('imports.title')}</Typography.Title>;
}
