import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** PLACEHOLDER: replaced by the service-desk UI work. */
export function VisitsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('desk.title')}</Typography.Title>;
}
