import { ReloadOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Card,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  findSlips,
  formatFen,
  getSlipCounts,
  SLIP_KINDS,
  SLIP_STATUSES,
  type SlipKind,
  type SlipStatus,
  type SlipView,
} from '../../api/compensation';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { SlipKindTag, SlipStatusTag, sourceText } from './slip-labels';
import { SlipSummaryChart } from './summary-chart';

/** Roles that take steps of the workflow (the others only read: no to-do tab). */
const ACTING_ROLES = ['admin', 'kam_manager', 'account_manager', 'ops_engineer'];

type Tab = 'todo' | 'all';

/** The slips table (also used for a customer's slips). */
export function SlipTable({
  slips,
  loading,
  emptyText,
  pagination,
}: {
  slips: SlipView[];
  loading: boolean;
  emptyText: string;
  pagination?:
    | false
    | { current: number; pageSize: number; total: number; onChange(c: number, s: number): void };
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SlipView> = [
    {
      title: t('compensation.columns.slipNumber'),
      dataIndex: 'slipNumber',
      render: (_, s) => (
        <Link to={`/compensation/${s.id}`} data-testid={`slip-link-${s.id}`}>
          {s.slipNumber}
        </Link>
      ),
    },
    {
      title: t('compensation.columns.customer'),
      dataIndex: 'customerName',
      render: (_, s) => <Link to={`/customers/${s.customerId}`}>{s.customerName}</Link>,
    },
    {
      title: t('compensation.columns.kind'),
      dataIndex: 'kind',
      render: (_, s) => <SlipKindTag kind={s.kind} />,
    },
    { title: t('compensation.columns.source'), key: 'source', render: (_, s) => sourceText(s) },
    {
      title: t('compensation.columns.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (_, s) => (
        <Space size={4}>
          {s.amountChanged && (
            <Tag
              color="purple"
              title={t('compensation.computed', { amount: formatFen(s.computedAmountFen) })}
            >
              {t('compensation.changed')}
            </Tag>
          )}
          <Typography.Text strong data-testid={`slip-amount-${s.id}`}>
            {formatFen(s.amountFen)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('compensation.columns.status'),
      dataIndex: 'status',
      render: (_, s) => <SlipStatusTag status={s.status} />,
    },
    {
      title: t('compensation.columns.raisedAt'),
      dataIndex: 'raisedAt',
      render: (_, s) => formatInstant(s.raisedAt),
    },
  ];
  return (
    <Table<SlipView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={slips}
      loading={loading}
      locale={{ emptyText }}
      pagination={
        pagination === undefined || pagination === false
          ? false
          : { ...pagination, showTotal: (total) => t('compensation.total', { total }) }
      }
      data-testid="slip-table"
    />
  );
}

/**
 * 赔付单 (/compensation): the inbox — "my to-do" (slips awaiting a step the user may take) and all
 * slips in scope, with badge counts, filters and amounts in ¥; and the summary chart per month.
 */
export function SlipsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const acting = Boolean(user && ACTING_ROLES.includes(user.role));
  const [tab, setTab] = useState<Tab>(acting ? 'todo' : 'all');
  const [status, setStatus] = useState<SlipStatus | undefined>();
  const [kind, setKind] = useState<SlipKind | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });

  const counts = useApi((signal) => getSlipCounts(signal), []);
  const slips = useApi(
    (signal) =>
      findSlips(
        {
          ...(tab === 'todo' ? { todo: true } : {}),
          status,
          kind,
          q,
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [tab, status, kind, q, page.current, page.pageSize],
  );
  const resetPage = () => setPage((p) => ({ ...p, current: 1 }));
  const reload = () => {
    counts.reload();
    slips.reload();
  };
  const badge = (n: number | undefined, testId: string) => (
    <Badge
      count={n ?? 0}
      showZero
      overflowCount={999}
      color={testId === 'badge-todo' ? 'red' : 'blue'}
      data-testid={testId}
    />
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="slips-page">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('compensation.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('compensation.subtitle')}</Typography.Text>
      </Space>
      <Card extra={<Button icon={<ReloadOutlined />} onClick={reload} aria-label="reload" />}>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setTab(key as Tab);
            resetPage();
          }}
          items={[
            ...(acting
              ? [
                  {
                    key: 'todo',
                    label: (
                      <Space size={6}>
                        {t('compensation.tabs.todo')}
                        {badge(counts.data?.todo, 'badge-todo')}
                      </Space>
                    ),
                  },
                ]
              : []),
            {
              key: 'all',
              label: (
                <Space size={6}>
                  {t('compensation.tabs.all')}
                  {badge(counts.data?.all, 'badge-all')}
                </Space>
              ),
            },
          ]}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<SlipStatus | 'any'>
            style={{ width: 200 }}
            value={status ?? 'any'}
            onChange={(v) => {
              setStatus(v === 'any' ? undefined : v);
              resetPage();
            }}
            options={[
              { value: 'any', label: t('compensation.filters.allStatuses') },
              ...SLIP_STATUSES.map((s) => ({
                value: s,
                label: `${t(`compensation.status.${s}`)} (${counts.data?.byStatus[s] ?? 0})`,
              })),
            ]}
            aria-label={t('compensation.filters.status')}
            data-testid="filter-status"
          />
          <Select<SlipKind | 'any'>
            style={{ width: 180 }}
            value={kind ?? 'any'}
            onChange={(v) => {
              setKind(v === 'any' ? undefined : v);
              resetPage();
            }}
            options={[
              { value: 'any', label: t('compensation.filters.allKinds') },
              ...SLIP_KINDS.map((k) => ({ value: k, label: t(`compensation.kind.${k}`) })),
            ]}
            aria-label={t('compensation.filters.kind')}
          />
          <Input.Search
            allowClear
            placeholder={t('compensation.filters.search')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              resetPage();
            }}
            style={{ width: 240 }}
            data-testid="filter-q"
          />
        </Space>
        <ErrorAlert error={slips.error ?? counts.error} />
        <SlipTable
          slips={slips.data?.items ?? []}
          loading={slips.loading && !slips.data}
          emptyText={tab === 'todo' ? t('compensation.emptyTodo') : t('compensation.empty')}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: slips.data?.total ?? 0,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
        />
      </Card>
      <SlipSummaryChart />
    </Space>
  );
}
