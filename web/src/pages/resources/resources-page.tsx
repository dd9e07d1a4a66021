import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function ResourcesPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('resources.title')}</Typography.Title>;
}
