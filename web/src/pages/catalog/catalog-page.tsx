import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function CatalogPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('catalog.title')}</Typography.Title>;
}
