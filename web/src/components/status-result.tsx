import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** The 403 and 404 pages inside the layout. */
export function StatusResult({ kind }: { kind: 'forbidden' | 'notFound' }) {
  const { t } = useTranslation();
  return (
    <Result
      status={kind === 'forbidden' ? '403' : '404'}
      title={t(`status.${kind}Title`)}
      subTitle={t(`status.${kind}`)}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
