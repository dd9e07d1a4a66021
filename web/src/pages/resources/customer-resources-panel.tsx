import { GiftOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerResources, findCustomerResources, findResources } from '../../api/resources';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { IssueModal } from './issue-modal';
import { formatYuan, KindTag, nameIn } from './resource-labels';

type Total = CustomerResources['totals'][number];
type Entry = CustomerResources['entries'][number];

/**
 * What a customer received (per resource: issued, returned, kept, cost) and the latest ledger
 * entries; an issuer issues from here with the customer filled in. For a tab of the customer page.
 */
export function CustomerResourcesPanel({
  customerId,
  customerName,
  customerCode,
}: {
  customerId: string;
  customerName: string;
  customerCode: string;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canIssue = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  const [issuing, setIssuing] = useState(false);
  const data = useApi((signal) => findCustomerResources(customerId, signal), [customerId]);
  const resources = useApi(
    (signal) => (canIssue ? findResources({}, signal) : Promise.resolve([])),
    [canIssue],
  );

  const totals: TableColumnsType<Total> = [
    { title: t('resources.col.resource'), key: 'name', render: (_, r) => nameIn(i18n.language, r) },
    {
      title: t('resources.col.kind'),
      dataIndex: 'resourceKind',
      render: (k: Total['resourceKind']) => <KindTag kind={k} t={t} />,
    },
    { title: t('resources.customerPanel.issued'), dataIndex: 'issued', align: 'right' },
    { title: t('resources.customerPanel.returned'), dataIndex: 'returned', align: 'right' },
    {
      title: t('resources.customerPanel.net'),
      key: 'net',
      align: 'right',
      render: (_, r) => `${r.net} ${r.unit}`,
    },
    {
      title: t('resources.col.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (f: number) => formatYuan(f),
    },
  ];
  const entries: TableColumnsType<Entry> = [
    { title: t('resources.col.at'), dataIndex: 'at', render: (at: string) => formatInstant(at) },
    {
      title: t('resources.col.kind'),
      dataIndex: 'kind',
      render: (k: Entry['kind']) => t(`resources.ledgerKind.${k}`),
    },
    { title: t('resources.col.resource'), key: 'name', render: (_, e) => nameIn(i18n.language, e) },
    { title: t('resources.col.quantity'), dataIndex: 'quantity', align: 'right' },
    { title: t('resources.col.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('resources.col.actor'), key: 'actor', render: (_, e) => e.actorDisplayName ?? e.actorName },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Text strong>{t('resources.customerPanel.title')}</Typography.Text>
        {canIssue && (
          <Button size="small" icon={<GiftOutlined />} onClick={() => setIssuing(true)}>
            {t('resources.issue.button')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={data.error} />
      {data.data && data.data.totals.length === 0 ? (
        <Empty description={t('resources.customerPanel.empty')} />
      ) : (
        <>
          <Table<Total>
            size="small"
            rowKey="resourceId"
            columns={totals}
            dataSource={data.data?.totals ?? []}
            loading={data.loading}
            pagination={false}
          />
          <Table<Entry>
            size="small"
            rowKey="id"
            columns={entries}
            dataSource={data.data?.entries ?? []}
            pagination={{ pageSize: 10 }}
          />
        </>
      )}
      <IssueModal
        open={issuing}
        resources={resources.data ?? []}
        initialCustomer={{ id: customerId, name: customerName, code: customerCode }}
        onClose={() => setIssuing(false)}
        onDone={() => {
          setIssuing(false);
          data.reload();
        }}
      />
    </Space>
  );
}
