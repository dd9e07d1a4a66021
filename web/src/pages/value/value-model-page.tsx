import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function ValueModelPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('value.title')}</Typography.Title>;
}
