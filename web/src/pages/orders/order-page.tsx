import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the orders pages land. */
export function OrderPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('orders.title')}</Typography.Title>;
}
