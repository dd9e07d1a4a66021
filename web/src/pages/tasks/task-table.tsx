import { Button, Descriptions, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Task } from '../../api/tasks';
import { formatInstant } from '../../format';
import { actionLabel, TaskStatusTag } from './task-labels';

type Props<T extends Task> = {
  tasks: T[];
  total: number;
  loading: boolean;
  page: { current: number; pageSize: number };
  onPage: (page: { current: number; pageSize: number }) => void;
  /** The signed-in user: the owner may complete, admin / kam_manager may reassign or cancel. */
  userId: string | null;
  canManage: boolean;
  showCustomer?: boolean;
  onComplete?: (task: T) => void;
  onReassign?: (task: T) => void;
  onCancel?: (task: T) => void;
  /** Extra column (the compliance drill-down's outcome). */
  extra?: TableColumnsType<T>;
  testId?: string;
};

/** What a completed or cancelled task carries: the evidence, or why it was cancelled. */
export function EvidenceView({ task }: { task: Task }) {
  const { t } = useTranslation();
  if (task.status === 'cancelled') {
    return (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('tasks.evidence.cancelReason')}>{task.cancelReason}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.evidence.by')}>
          {task.cancelledBy} {formatInstant(task.cancelledAt)}
        </Descriptions.Item>
      </Descriptions>
    );
  }
  if (!task.evidence) return <Typography.Text type="secondary">{t('tasks.evidence.none')}</Typography.Text>;
  const e = task.evidence;
  return (
    <Descriptions size="small" column={2} data-testid={`evidence-${task.id}`}>
      <Descriptions.Item label={t('tasks.evidence.note')} span={2}>
        {e.note}
      </Descriptions.Item>
      <Descriptions.Item label={t('tasks.evidence.channel')}>
        {t(`tasks.channel.${e.channel}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('tasks.evidence.contactMet')}>{e.contactMet ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('tasks.evidence.attachments')} span={2}>
        {e.attachments.length === 0
          ? '—'
          : e.attachments.map((a) => (
              <Tag key={a.name}>
                {a.name} ({Math.max(1, Math.round(a.size / 1024))} KB)
              </Tag>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('tasks.evidence.by')} span={2}>
        {task.completedBy} {formatInstant(task.completedAt)}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The task list shared by the task page, the customer's panel and the compliance drill-down. */
export function TaskTable<T extends Task>(props: Props<T>) {
  const { t, i18n } = useTranslation();
  const actions: TableColumnsType<T>[number] = {
    title: t('tasks.col.actions'),
    key: 'actions',
    render: (_, task) =>
      task.status !== 'open' ? null : (
        <Space size={0}>
          {props.onComplete && task.ownerId === props.userId && (
            <Button
              type="link"
              size="small"
              onClick={() => props.onComplete?.(task)}
              data-testid={`complete-${task.id}`}
            >
              {t('tasks.complete')}
            </Button>
          )}
          {props.canManage && props.onReassign && (
            <Button type="link" size="small" onClick={() => props.onReassign?.(task)}>
              {t('tasks.reassign')}
            </Button>
          )}
          {props.canManage && props.onCancel && (
            <Button type="link" size="small" danger onClick={() => props.onCancel?.(task)}>
              {t('tasks.cancel')}
            </Button>
          )}
        </Space>
      ),
  };
  const columns: TableColumnsType<T> = [
    ...(props.showCustomer === false
      ? []
      : [
          {
            title: t('tasks.col.customer'),
            key: 'customer',
            render: (_: unknown, task: T) => (
              <Space direction="vertical" size={0}>
                <Link to={`/customers/${task.customerId}`}>{task.customerName}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {task.customerCode} {task.customerTier ?? ''}
                </Typography.Text>
              </Space>
            ),
          },
        ]),
    {
      title: t('tasks.col.action'),
      key: 'action',
      render: (_, task) => (
        <Space direction="vertical" size={0}>
          <span>{actionLabel(task, i18n.language)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {task.contactName
              ? t('tasks.contactOf', { name: task.contactName })
              : task.occurrenceKey.replace(/:.*/, '')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('tasks.col.dueDate'),
      key: 'dueDate',
      width: 150,
      render: (_, task) => (
        <Space size={4}>
          <span>{task.dueDate}</span>
          {task.provisional && (
            <Tooltip title={t('tasks.provisionalHint')}>
              <Tag color="warning" style={{ marginInlineEnd: 0 }} data-testid={`provisional-${task.id}`}>
                {t('tasks.provisional')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('tasks.col.status'),
      key: 'status',
      width: 110,
      render: (_, task) => <TaskStatusTag task={task} t={t} />,
    },
    { title: t('tasks.col.owner'), dataIndex: 'ownerName', render: (name: string | null) => name ?? '—' },
    {
      title: t('tasks.col.completed'),
      dataIndex: 'completedDate',
      width: 110,
      render: (d: string | null) => d ?? '—',
    },
    ...(props.extra ?? []),
    ...(props.onComplete || props.onReassign || props.onCancel ? [actions] : []),
  ];
  return (
    <Table<T>
      rowKey="id"
      size="middle"
      loading={props.loading}
      columns={columns}
      dataSource={props.tasks}
      locale={{ emptyText: t('tasks.empty') }}
      expandable={{
        expandedRowRender: (task) => <EvidenceView task={task} />,
        rowExpandable: (task) => task.status !== 'open',
      }}
      pagination={{
        current: props.page.current,
        pageSize: props.page.pageSize,
        total: props.total,
        showSizeChanger: true,
        onChange: (current, pageSize) => props.onPage({ current, pageSize }),
        showTotal: (total) => t('tasks.total', { total }),
      }}
      data-testid={props.testId ?? 'tasks-table'}
    />
  );
}
