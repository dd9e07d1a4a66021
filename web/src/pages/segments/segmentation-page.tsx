import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function SegmentationPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('segments.title')}</Typography.Title>;
}
