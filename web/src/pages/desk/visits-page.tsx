import { ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CoverageRow,
  findVisits,
  getVisitCoverage,
  type VisitStatus,
  type VisitView,
} from '../../api/desk';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { computeTodayDate } from '../../format';
import { echarts, ReactEChartsCore } from './desk-echarts';
import { VisitOutcomeModal } from './visit-outcome-modal';
import { VisitTable } from './visit-table';

const MANAGER_ROLES = ['admin', 'kam_manager', 'analyst', 'auditor'];

/** `YYYY-MM` `months` months before `month`. */
export function monthsBefore(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const pct = (value: number) => Math.round(value * 1000) / 10;

/** Coverage per month (done / due, all groups together) with the 100 % target, and the table per group. */
function CoverageSection() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<'region' | 'visitor'>('region');
  const month = computeTodayDate(new Date()).slice(0, 7);
  const from = monthsBefore(month, 11);
  const coverage = useApi(
    (signal) => getVisitCoverage({ from, to: month, groupBy }, signal),
    [from, month, groupBy],
  );
  const rows = coverage.data ?? [];
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const byPeriod = periods.map((p) => {
    const of = rows.filter((r) => r.period === p);
    const due = of.reduce((s, r) => s + r.due, 0);
    const done = of.reduce((s, r) => s + r.done, 0);
    return { period: p, due, done, coverage: due ? done / due : null };
  });
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: periods },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 110, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        name: t('desk.visits.due'),
        type: 'bar',
        data: byPeriod.map((p) => p.due),
        itemStyle: { color: '#91caff' },
      },
      {
        name: t('desk.visits.done'),
        type: 'bar',
        data: byPeriod.map((p) => p.done),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: t('desk.visits.rate'),
        type: 'line',
        yAxisIndex: 1,
        data: byPeriod.map((p) => (p.coverage === null ? null : pct(p.coverage))),
        itemStyle: { color: '#52c41a' },
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#cf1322', type: 'dashed' },
          label: { formatter: t('desk.visits.target'), position: 'insideEndTop' },
          data: [{ yAxis: 100 }],
        },
      },
    ],
  };
  const columns: TableColumnsType<CoverageRow> = [
    { title: t('desk.visits.period'), dataIndex: 'period', width: 100 },
    { title: t('desk.visits.group'), key: 'name', render: (_, r) => r.name ?? r.key },
    { title: t('desk.visits.due'), dataIndex: 'due', align: 'right' },
    { title: t('desk.visits.done'), dataIndex: 'done', align: 'right' },
    { title: t('desk.visits.doneInTime'), dataIndex: 'doneInTime', align: 'right' },
    {
      title: t('desk.visits.rate'),
      key: 'coverage',
      align: 'right',
      render: (_, r) => (
        <Typography.Text type={r.due > 0 && r.coverage < 1 ? 'danger' : undefined}>
          {r.due ? `${pct(r.coverage)}%` : '—'}
        </Typography.Text>
      ),
    },
    { title: t('desk.visits.satisfied'), dataIndex: 'satisfied', align: 'right' },
    { title: t('desk.visits.dissatisfied'), dataIndex: 'dissatisfied', align: 'right' },
    { title: t('desk.visits.unreachable'), dataIndex: 'unreachable', align: 'right' },
  ];
  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <span>{t('desk.visits.coverage')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('desk.visits.coverageHint')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Segmented
          value={groupBy}
          onChange={(v) => setGroupBy(v as 'region' | 'visitor')}
          options={[
            { value: 'region', label: t('desk.visits.byRegion') },
            { value: 'visitor', label: t('desk.visits.byVisitor') },
          ]}
        />
      }
      data-testid="visit-coverage"
    >
      <ErrorAlert error={coverage.error} />
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260 }} />
      <Table<CoverageRow>
        rowKey={(r) => `${r.period}|${r.key}`}
        size="small"
        columns={columns}
        dataSource={[...rows].sort((a, b) => b.period.localeCompare(a.period) || a.coverage - b.coverage)}
        loading={coverage.loading && !coverage.data}
        pagination={{ pageSize: 12 }}
        data-testid="coverage-table"
      />
    </Card>
  );
}

/**
 * 回访 (/visits): the visitor's queue (due first, overdue marked) with the outcome modal, and for
 * managers the coverage by month (target 100 %) and per region or visitor.
 */
export function VisitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const isManager = Boolean(user && MANAGER_ROLES.includes(user.role));
  const [mine, setMine] = useState(user?.role === 'visit_agent');
  const [status, setStatus] = useState<VisitStatus>('open');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [recording, setRecording] = useState<VisitView | null>(null);

  const visits = useApi(
    (signal) =>
      findVisits(
        {
          ...(mine ? { mine: true } : {}),
          status,
          ...(overdue ? { overdue: true } : {}),
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [mine, status, overdue, page.current, page.pageSize],
  );
  const resetPage = () => setPage((p) => ({ ...p, current: 1 }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="visits-page">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('desk.visits.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('desk.visits.subtitle')}</Typography.Text>
      </Space>
      <Card
        title={t('desk.visits.queue')}
        extra={<Button icon={<ReloadOutlined />} onClick={visits.reload} aria-label="reload" />}
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(v as VisitStatus);
              resetPage();
            }}
            options={(['open', 'done', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`desk.visitStatus.${s}`),
            }))}
          />
          <Checkbox
            checked={mine}
            onChange={(e) => {
              setMine(e.target.checked);
              resetPage();
            }}
          >
            {t('desk.visits.mine')}
          </Checkbox>
          <Checkbox
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.target.checked);
              resetPage();
            }}
            data-testid="visits-overdue"
          >
            {t('desk.visits.overdueOnly')}
          </Checkbox>
        </Space>
        <ErrorAlert error={visits.error} />
        <VisitTable
          visits={visits.data?.items ?? []}
          loading={visits.loading && !visits.data}
          onRecord={setRecording}
          canRecord={(v) => user?.role === 'admin' || v.visitorId === user?.id}
          emptyText={t('desk.visits.empty')}
          testId="visit-queue"
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: visits.data?.total ?? 0,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
            showTotal: (total) => t('desk.visits.total', { total }),
          }}
        />
      </Card>
      {isManager && <CoverageSection />}
      <VisitOutcomeModal
        visit={recording}
        onClose={() => setRecording(null)}
        onDone={() => {
          setRecording(null);
          message.success(t('desk.visits.recorded'));
          visits.reload();
        }}
      />
    </Space>
  );
}
