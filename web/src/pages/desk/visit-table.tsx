import {
  Button,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { VisitView } from '../../api/desk';
import { formatInstant } from '../../format';
import { DeskTierTag, outcomeLabel, visitKindLabel } from './desk-labels';

const OUTCOME_COLORS: Record<string, string> = {
  satisfied: 'green',
  dissatisfied: 'red',
  unreachable: 'default',
};

/** Return visits: due (overdue in red), kind, customer, ticket, visitor, status and outcome. */
export function VisitTable({
  visits,
  loading,
  showCustomer = true,
  pagination = false,
  onRecord,
  canRecord,
  testId = 'visit-table',
  emptyText,
}: {
  visits: VisitView[];
  loading?: boolean;
  showCustomer?: boolean;
  pagination?: TablePaginationConfig | false;
  onRecord?: (visit: VisitView) => void;
  canRecord?: (visit: VisitView) => boolean;
  testId?: string;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<VisitView> = [
    {
      title: t('desk.visits.dueAt'),
      key: 'dueAt',
      width: 200,
      render: (_, v) => (
        <Space size={4}>
          <Typography.Text type={v.overdue && v.status === 'open' ? 'danger' : undefined}>
            {formatInstant(v.dueAt).slice(0, 16)}
          </Typography.Text>
          {v.overdue && v.status === 'open' && (
            <Tag color="red" data-testid={`visit-overdue-${v.id}`}>
              {t('desk.visits.overdue')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('desk.visits.kind'), key: 'kind', render: (_, v) => visitKindLabel(t, v.kind) },
    ...(showCustomer
      ? [
          {
            title: t('desk.visits.customer'),
            key: 'customer',
            render: (_: unknown, v: VisitView) => (
              <Space size={6} wrap>
                <Link to={`/customers/${v.customerId}`}>{v.customerName}</Link>
                <DeskTierTag tier={v.tier} />
              </Space>
            ),
          },
        ]
      : []),
    {
      title: t('desk.visits.ticket'),
      key: 'ticket',
      render: (_, v) =>
        v.ticketId ? (
          <Link to={`/tickets/${v.ticketId}`}>{v.ticketNumber ?? v.ticketId}</Link>
        ) : (
          (v.orderRef ?? '—')
        ),
    },
    {
      title: t('desk.visits.visitor'),
      key: 'visitor',
      render: (_, v) =>
        v.visitorId ? (
          (v.visitorName ?? '—')
        ) : (
          <Tag color="error" data-testid={`visit-unassigned-${v.id}`}>
            {t('desk.visits.unassigned')}
          </Tag>
        ),
    },
    {
      title: t('desk.visits.status'),
      key: 'status',
      render: (_, v) => (
        <Tag color={v.status === 'open' ? 'blue' : v.status === 'done' ? 'green' : 'default'}>
          {t(`desk.visitStatus.${v.status}`)}
        </Tag>
      ),
    },
    {
      title: t('desk.visits.outcome'),
      key: 'outcome',
      render: (_, v) =>
        v.outcome ? (
          <Space direction="vertical" size={0}>
            <Space size={4}>
              <Tag color={OUTCOME_COLORS[v.outcome]}>{outcomeLabel(t, v.outcome)}</Tag>
              {v.score ? <span style={{ color: '#faad14' }}>{'★'.repeat(v.score)}</span> : null}
            </Space>
            {v.note && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: v.note }}>
                {v.note}
              </Typography.Text>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    ...(onRecord
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, v: VisitView) =>
              v.status === 'open' && (canRecord?.(v) ?? true) ? (
                <Button type="link" size="small" onClick={() => onRecord(v)} data-testid={`record-${v.id}`}>
                  {t('desk.visits.record')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Table<VisitView>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={visits}
      pagination={pagination}
      locale={emptyText ? { emptyText } : undefined}
      onRow={(v) => ({
        style: v.overdue && v.status === 'open' ? { background: '#fff1f0' } : undefined,
      })}
      data-testid={testId}
    />
  );
}
