import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Segmented, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_KINDS,
  type ActionKind,
  findTasks,
  getTaskCalendar,
  type Task,
  type TaskStatus,
} from '../../api/tasks';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { computeTodayDate } from '../../format';
import { TaskCalendar } from './task-calendar';
import { TaskCompleteModal } from './task-complete-modal';
import { type TaskChange, TaskManageModal } from './task-manage-modal';
import { TaskTable } from './task-table';

const STATUSES: TaskStatus[] = ['open', 'done', 'cancelled'];

/**
 * The account manager's mandatory-action tasks (PRODUCT.md §4): a list with filters and the
 * overdue mark, completion with evidence, and a month calendar of due days — choosing a day lists
 * that day's tasks. A kam_manager or admin sees its scope and may reassign or cancel.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const canManage = user?.role === 'admin' || user?.role === 'kam_manager';

  const [view, setView] = useState<'list' | 'calendar'>('list');
  const [mine, setMine] = useState(user?.role === 'account_manager');
  const [status, setStatus] = useState<TaskStatus | undefined>('open');
  const [kind, setKind] = useState<ActionKind | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [range, setRange] = useState<[string, string] | null>(null);
  const [month, setMonth] = useState(computeTodayDate(new Date()).slice(0, 7));
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [completing, setCompleting] = useState<Task | null>(null);
  const [change, setChange] = useState<TaskChange | null>(null);

  const ownerId = mine && user ? user.id : undefined;
  const tasks = useApi(
    (signal) =>
      findTasks(
        {
          ...(ownerId ? { ownerId } : {}),
          ...(status ? { status } : {}),
          ...(kind ? { kind } : {}),
          ...(overdue ? { overdue: true } : {}),
          ...(range ? { from: range[0], to: range[1] } : {}),
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [ownerId, status, kind, overdue, range?.[0], range?.[1], page.current, page.pageSize],
  );
  const calendar = useApi(
    (signal) =>
      view === 'calendar'
        ? getTaskCalendar(month, { ...(ownerId ? { ownerId } : {}), ...(kind ? { kind } : {}) }, signal)
        : Promise.resolve({ month, days: [] }),
    [view, month, ownerId, kind],
  );

  const resetPage = () => setPage((p) => ({ ...p, current: 1 }));
  const reload = () => {
    tasks.reload();
    calendar.reload();
  };

  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <span>{t('tasks.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('tasks.subtitle')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'list' | 'calendar')}
            options={[
              { value: 'list', label: t('tasks.view.list') },
              { value: 'calendar', label: t('tasks.view.calendar') },
            ]}
            data-testid="view-switch"
          />
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="reload" />
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Checkbox
          checked={mine}
          onChange={(e) => {
            setMine(e.target.checked);
            resetPage();
          }}
        >
          {t('tasks.mine')}
        </Checkbox>
        <Checkbox
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.target.checked);
            resetPage();
          }}
          data-testid="filter-overdue"
        >
          {t('tasks.overdueOnly')}
        </Checkbox>
        <Select
          allowClear
          placeholder={t('tasks.filter.status')}
          value={status}
          style={{ width: 110 }}
          onChange={(v) => {
            setStatus(v);
            resetPage();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
          data-testid="filter-status"
        />
        <Select
          allowClear
          placeholder={t('tasks.filter.kind')}
          value={kind}
          style={{ width: 130 }}
          onChange={(v) => {
            setKind(v);
            resetPage();
          }}
          options={ACTION_KINDS.map((k) => ({ value: k, label: t(`tasks.kind.${k}`) }))}
          data-testid="filter-kind"
        />
        <DatePicker.RangePicker
          value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
          onChange={(dates) => {
            setRange(
              dates?.[0] && dates[1] ? [dates[0].format('YYYY-MM-DD'), dates[1].format('YYYY-MM-DD')] : null,
            );
            resetPage();
          }}
          placeholder={[t('tasks.filter.due'), t('tasks.filter.due')]}
        />
      </Space>
      <ErrorAlert error={tasks.error ?? calendar.error} />
      {view === 'calendar' && (
        <TaskCalendar
          month={month}
          days={calendar.data?.days ?? []}
          onMonth={setMonth}
          onDay={(date) => {
            setRange([date, date]);
            setStatus(undefined);
            setView('list');
            resetPage();
          }}
        />
      )}
      {view === 'list' && (
        <>
          {range && range[0] === range[1] && (
            <Tag
              closable
              onClose={() => setRange(null)}
              style={{ marginBottom: 12 }}
              data-testid="day-filter"
            >
              {t('tasks.calendar.dayFilter', { date: range[0] })}
            </Tag>
          )}
          <TaskTable<Task>
            tasks={tasks.data?.items ?? []}
            total={tasks.data?.total ?? 0}
            loading={tasks.loading}
            page={page}
            onPage={setPage}
            userId={user?.id ?? null}
            canManage={canManage}
            onComplete={setCompleting}
            onReassign={(task) => setChange({ mode: 'reassign', task })}
            onCancel={(task) => setChange({ mode: 'cancel', task })}
          />
        </>
      )}
      <TaskCompleteModal
        task={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          reload();
        }}
      />
      <TaskManageModal
        change={change}
        onClose={() => setChange(null)}
        onDone={() => {
          setChange(null);
          reload();
        }}
      />
    </Card>
  );
}
