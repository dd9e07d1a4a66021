import { Card, Col, Row, Segmented, Space, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findCustomerTasks, type Task, type TaskStatus } from '../../../api/tasks';
import { useApi } from '../../../api/use-api';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { computeTodayDate } from '../../../format';
import { TaskCompleteModal } from '../../tasks/task-complete-modal';
import { TaskTable } from '../../tasks/task-table';

/** The customer's mandatory-action tasks (PRODUCT.md §4): due, overdue, done, with completion. */
export function CustomerTasksPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const userId = session.status === 'authenticated' ? session.user.id : null;
  const [status, setStatus] = useState<TaskStatus | 'all'>('open');
  const [page, setPage] = useState({ current: 1, pageSize: 10 });
  const [completing, setCompleting] = useState<Task | null>(null);
  const today = computeTodayDate(new Date());
  const month = today.slice(0, 7);
  const monthEnd = dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD');

  const tasks = useApi(
    (signal) =>
      findCustomerTasks(
        customerId,
        {
          ...(status === 'all' ? {} : { status }),
          sort: status === 'done' ? '-dueDate' : 'dueDate',
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [customerId, status, page.current, page.pageSize],
  );
  const counts = useApi(
    async (signal) => {
      const [dueThisMonth, overdue, done] = await Promise.all([
        findCustomerTasks(customerId, { from: `${month}-01`, to: monthEnd, limit: 1 }, signal),
        findCustomerTasks(customerId, { overdue: true, limit: 1 }, signal),
        findCustomerTasks(
          customerId,
          { status: 'done', from: `${today.slice(0, 4)}-01-01`, limit: 1 },
          signal,
        ),
      ]);
      return { dueThisMonth: dueThisMonth.total, overdue: overdue.total, done: done.total };
    },
    [customerId, month, tasks.data],
  );

  return (
    <Card size="small" title={t('tasks.panel.title')} data-testid="customer-tasks-panel">
      <ErrorAlert error={tasks.error} />
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={8}>
          <Statistic title={t('tasks.panel.dueThisMonth')} value={counts.data?.dueThisMonth ?? '—'} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('tasks.panel.overdue')}
            value={counts.data?.overdue ?? '—'}
            valueStyle={counts.data?.overdue ? { color: '#cf1322' } : undefined}
          />
        </Col>
        <Col span={8}>
          <Statistic title={t('tasks.panel.doneThisYear')} value={counts.data?.done ?? '—'} />
        </Col>
      </Row>
      <Space style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(v as TaskStatus | 'all');
            setPage((p) => ({ ...p, current: 1 }));
          }}
          options={[
            { value: 'open', label: t('tasks.status.open') },
            { value: 'done', label: t('tasks.status.done') },
            { value: 'cancelled', label: t('tasks.status.cancelled') },
            { value: 'all', label: t('tasks.all') },
          ]}
        />
      </Space>
      <TaskTable<Task>
        tasks={tasks.data?.items ?? []}
        total={tasks.data?.total ?? 0}
        loading={tasks.loading}
        page={page}
        onPage={setPage}
        userId={userId}
        canManage={false}
        showCustomer={false}
        onComplete={setCompleting}
        testId="customer-tasks-table"
      />
      <TaskCompleteModal
        task={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          tasks.reload();
        }}
      />
    </Card>
  );
}
