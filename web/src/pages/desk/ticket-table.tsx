import { Space, Table, type TableColumnsType, type TablePaginationConfig, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { TicketView } from '../../api/desk';
import { formatInstant } from '../../format';
import {
  DeskTierTag,
  EscalationTag,
  SeverityTag,
  StatusTag,
  TimeLeft,
  typeLabel,
  useNow,
} from './desk-labels';

type Props = {
  tickets: TicketView[];
  loading?: boolean;
  /** When the rows were fetched (the countdowns run from there). */
  fetchedAt: number;
  showCustomer?: boolean;
  showCreatedAt?: boolean;
  pagination?: TablePaginationConfig | false;
  testId?: string;
  size?: 'small' | 'middle';
  emptyText?: string;
};

/** Tickets as the board shows them; a click on a row opens the ticket. */
export function TicketTable({
  tickets,
  loading,
  fetchedAt,
  showCustomer = true,
  showCreatedAt = false,
  pagination = false,
  testId = 'ticket-table',
  size = 'middle',
  emptyText,
}: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useNow(15_000);
  const columns: TableColumnsType<TicketView> = [
    {
      title: t('desk.col.number'),
      key: 'number',
      width: 190,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link
            to={`/tickets/${r.id}`}
            onClick={(e) => e.stopPropagation()}
            data-testid={`ticket-link-${r.id}`}
          >
            {r.number}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.name }}>
            {r.name}
          </Typography.Text>
        </Space>
      ),
    },
    ...(showCustomer
      ? [
          {
            title: t('desk.col.customer'),
            key: 'customer',
            render: (_: unknown, r: TicketView) => (
              <Space direction="vertical" size={2}>
                <Link to={`/customers/${r.customerId}`} onClick={(e) => e.stopPropagation()}>
                  {r.customerName}
                </Link>
                <DeskTierTag tier={r.tier} />
              </Space>
            ),
          },
        ]
      : []),
    { title: t('desk.col.type'), key: 'type', width: 90, render: (_, r) => typeLabel(t, r.ticketType) },
    {
      title: t('desk.col.severity'),
      key: 'severity',
      width: 90,
      render: (_, r) => <SeverityTag severity={r.severity} />,
    },
    {
      title: t('desk.col.status'),
      key: 'status',
      width: 90,
      render: (_, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('desk.col.stage'),
      key: 'stage',
      width: 150,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.stageName ?? r.stageCode}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.departmentName ?? r.departmentCode}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('desk.col.assignee'),
      key: 'assignee',
      render: (_, r) =>
        r.assigneeName ?? <Typography.Text type="secondary">{t('desk.unassigned')}</Typography.Text>,
    },
    {
      title: t('desk.col.timeLeft'),
      key: 'timeLeft',
      width: 150,
      render: (_, r) => (
        <Space size={4} wrap={false}>
          <TimeLeft ticket={r} fetchedAt={fetchedAt} now={now} />
          {r.breached && (r.timeLeftMinutes ?? 0) >= 0 && <Tag color="red">{t('desk.breached')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('desk.col.escalation'),
      key: 'escalation',
      width: 90,
      render: (_, r) => <EscalationTag level={r.escalationLevel} />,
    },
    ...(showCreatedAt
      ? [
          {
            title: t('desk.col.createdAt'),
            key: 'createdAt',
            width: 170,
            render: (_: unknown, r: TicketView) => formatInstant(r.createdAt),
          },
        ]
      : []),
  ];
  return (
    <Table<TicketView>
      rowKey="id"
      size={size}
      loading={loading}
      columns={columns}
      dataSource={tickets}
      pagination={pagination}
      locale={emptyText ? { emptyText } : undefined}
      onRow={(r) => ({
        onClick: () => navigate(`/tickets/${r.id}`),
        style: { cursor: 'pointer' },
        'data-testid': `ticket-row-${r.id}`,
      })}
      data-testid={testId}
      scroll={{ x: 900 }}
    />
  );
}
