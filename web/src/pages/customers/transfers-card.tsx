import { SwapOutlined } from '@ant-design/icons';
import { Card, Empty, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { findTransfers } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';

/**
 * The customer's account-manager transfers (who, from, to, when, why, what moved along), newest
 * first. `version` reloads it after a transfer made on this page.
 */
export function TransfersCard({ customerId, version }: { customerId: string; version: number }) {
  const { t } = useTranslation();
  const transfers = useApi((signal) => findTransfers(customerId, signal), [customerId, version]);
  const rows = transfers.data ?? [];
  const nobody = t('customers.transfers.nobody');
  return (
    <Card
      size="small"
      title={
        <span>
          <SwapOutlined /> {t('customers.transfers.title')}
        </span>
      }
      data-testid="customer-transfers"
    >
      <ErrorAlert error={transfers.error} />
      {transfers.loading && !transfers.data ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.transfers.empty')} />
      ) : (
        <Timeline
          items={rows.map((row) => ({
            key: row.id,
            children: (
              <div data-testid={`customer-transfer-${row.id}`}>
                <Typography.Text strong>
                  {t('customers.transfers.fromTo', {
                    from: row.from.name ?? nobody,
                    to: row.to.name ?? nobody,
                  })}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary">
                  {formatInstant(row.at)} · {t('customers.transfers.by', { name: row.actorName })}
                </Typography.Text>
                {row.reason && (
                  <>
                    <br />
                    <Typography.Text>
                      {t('customers.transfers.reason', { reason: row.reason })}
                    </Typography.Text>
                  </>
                )}
                <br />
                <Typography.Text type="secondary">
                  {t('customers.transfers.moved', row.moved)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
