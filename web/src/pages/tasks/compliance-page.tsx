import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function CompliancePage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('menu.compliance')}</Typography.Title>;
}
