import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api';
import { type Delivery, type DeliveryStatus, findDeliveries, retryDelivery } from '../../api/webhooks';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';

type Filter = DeliveryStatus | 'all';
const FILTERS: Filter[] = ['dead', 'pending', 'delivered', 'all'];
const PAGE_SIZE = 20;

/** A pending row that has already failed at least once is retrying on its own (backoff). */
function shownStatus(d: Delivery): DeliveryStatus | 'failing' {
  return d.status === 'pending' && d.attempts > 0 ? 'failing' : d.status;
}
const STATUS_COLOR: Record<DeliveryStatus | 'failing', string> = {
  pending: 'processing',
  failing: 'warning',
  delivered: 'success',
  dead: 'error',
};

/** The outbox deliveries, given-up ones first, with "deliver again" for anything not delivered. */
export function DeliveriesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('dead');
  const [page, setPage] = useState(1);
  const list = useApi(
    (signal) =>
      findDeliveries(
        {
          ...(filter === 'all' ? {} : { status: filter }),
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
        signal,
      ),
    [filter, page],
  );
  const [retrying, setRetrying] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const retry = async (d: Delivery) => {
    setRetrying(d.id);
    setError(null);
    try {
      await retryDelivery(d.id);
      message.success(t('webhooks.del.retried', { id: d.id }));
      list.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setRetrying(null);
    }
  };

  const columns: TableColumnsType<Delivery> = [
    { title: t('webhooks.del.id'), dataIndex: 'id', width: 80 },
    { title: t('webhooks.del.eventType'), dataIndex: 'eventType' },
    {
      title: t('webhooks.del.callback'),
      key: 'callback',
      render: (_, d) =>
        d.callback ? (
          <Typography.Text code>{d.callback}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('webhooks.del.subscriptionGone')}</Typography.Text>
        ),
    },
    {
      title: t('webhooks.del.status'),
      key: 'status',
      render: (_, d) => {
        const s = shownStatus(d);
        return (
          <Tag color={STATUS_COLOR[s]} data-testid={`delivery-status-${d.id}`}>
            {t(`webhooks.status.${s}`)}
          </Tag>
        );
      },
    },
    { title: t('webhooks.del.attempts'), dataIndex: 'attempts', width: 90 },
    {
      title: t('webhooks.del.last'),
      key: 'last',
      render: (_, d) =>
        d.lastError ? <Typography.Text type="danger">{d.lastError}</Typography.Text> : (d.lastStatus ?? '—'),
    },
    {
      title: t('webhooks.del.nextAttemptAt'),
      key: 'next',
      render: (_, d) => (d.status === 'pending' ? formatInstant(d.nextAttemptAt) || '—' : '—'),
    },
    { title: t('webhooks.del.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
    {
      title: t('webhooks.del.finishedAt'),
      key: 'finished',
      render: (_, d) => formatInstant(d.deliveredAt ?? d.deadAt) || '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) =>
        d.status === 'delivered' || !d.callback ? null : (
          <Button
            type="link"
            size="small"
            icon={<RedoOutlined />}
            loading={retrying === d.id}
            onClick={() => retry(d)}
            data-testid={`delivery-retry-${d.id}`}
          >
            {t('webhooks.del.retry')}
          </Button>
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={FILTERS.map((f) => ({ value: f, label: t(`webhooks.filter.${f}`) }))}
          data-testid="delivery-filter"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
      </Space>
      <Alert type="info" showIcon message={t('webhooks.del.deadHint')} />
      <ErrorAlert error={list.error} />
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Table<Delivery>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        locale={{ emptyText: t('webhooks.del.empty') }}
        data-testid="webhook-deliveries"
      />
    </Space>
  );
}
