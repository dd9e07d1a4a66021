import {
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ComplianceGroup,
  type CompliancePeriod,
  type ComplianceReport,
  findMissingTasks,
  getCompliance,
  type MissingTask,
} from '../../api/tasks';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { ComplianceBarChart, ComplianceTrendChart } from './compliance-charts';
import { bucketLabel, formatRate } from './task-labels';
import { TaskTable } from './task-table';

type ReportRow = ComplianceReport['rows'][number];
type Drill = { key: string; label: string; bucket?: string };

/** The tasks that count against a row: overdue, or done late. */
function MissingDrawer({
  drill,
  query,
  onClose,
}: {
  drill: Drill | null;
  query: { groupBy: ComplianceGroup; period: CompliancePeriod; from?: string; to?: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const [page, setPage] = useState({ current: 1, pageSize: 10 });
  const missing = useApi(
    (signal) =>
      drill
        ? findMissingTasks(
            {
              ...query,
              key: drill.key,
              ...(drill.bucket ? { bucket: drill.bucket } : {}),
              limit: page.pageSize,
              offset: (page.current - 1) * page.pageSize,
            },
            signal,
          )
        : Promise.resolve({ items: [], total: 0 }),
    [drill?.key, drill?.bucket, query.groupBy, query.from, query.to, page.current, page.pageSize],
  );
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      width={960}
      title={
        drill
          ? t('tasks.compliance.missingTitle', {
              label: drill.label,
              bucket: drill.bucket ? bucketLabel(drill.bucket, t) : '',
            })
          : ''
      }
      destroyOnHidden
    >
      <ErrorAlert error={missing.error} />
      <TaskTable<MissingTask>
        tasks={missing.data?.items ?? []}
        total={missing.data?.total ?? 0}
        loading={missing.loading}
        page={page}
        onPage={setPage}
        userId={session.status === 'authenticated' ? session.user.id : null}
        canManage={false}
        testId="missing-table"
      />
    </Drawer>
  );
}

/**
 * Mandatory-action compliance (达标率, PRODUCT.md §4 and §12): by account manager, department or
 * region, by month or dekad (旬); a bar chart per group, the trend, a table, and a drill-down to
 * the missing tasks. Scoped by role: an account manager sees its own, a kam_manager its region.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<ComplianceGroup>('account_manager');
  const [period, setPeriod] = useState<CompliancePeriod>('month');
  const [range, setRange] = useState<[string, string] | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const query = { groupBy, period, ...(range ? { from: range[0], to: range[1] } : {}) };
  const report = useApi((signal) => getCompliance(query, signal), [groupBy, period, range?.[0], range?.[1]]);
  const data = report.data;

  const columns: TableColumnsType<ReportRow> = [
    { title: t(`tasks.compliance.groupBy.${groupBy}`), dataIndex: 'label' },
    { title: t('tasks.compliance.bucket'), dataIndex: 'bucket', render: (b: string) => bucketLabel(b, t) },
    { title: t('tasks.compliance.due'), dataIndex: 'due', align: 'right' },
    { title: t('tasks.compliance.doneOnTime'), dataIndex: 'doneOnTime', align: 'right' },
    { title: t('tasks.compliance.doneLate'), dataIndex: 'doneLate', align: 'right' },
    { title: t('tasks.compliance.openOverdue'), dataIndex: 'openOverdue', align: 'right' },
    { title: t('tasks.compliance.pending'), dataIndex: 'pending', align: 'right' },
    {
      title: t('tasks.compliance.rate'),
      dataIndex: 'rate',
      align: 'right',
      render: (rate: number | null) => <b>{formatRate(rate)}</b>,
      sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
    },
    {
      title: t('tasks.col.actions'),
      key: 'drill',
      render: (_, r) =>
        r.doneLate + r.openOverdue > 0 ? (
          <Button
            type="link"
            size="small"
            onClick={() => setDrill({ key: r.key, label: r.label, bucket: r.bucket })}
            data-testid={`drill-${r.key}-${r.bucket}`}
          >
            {t('tasks.compliance.drill')} ({r.doneLate + r.openOverdue})
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <span>{t('tasks.compliance.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('tasks.compliance.subtitle')}
          </Typography.Text>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={groupBy}
          onChange={(v) => setGroupBy(v as ComplianceGroup)}
          options={(['account_manager', 'department', 'region'] as const).map((g) => ({
            value: g,
            label: t(`tasks.compliance.groupBy.${g}`),
          }))}
          data-testid="group-switch"
        />
        <Segmented
          value={period}
          onChange={(v) => setPeriod(v as CompliancePeriod)}
          options={(['month', 'dekad'] as const).map((p) => ({
            value: p,
            label: t(`tasks.compliance.period.${p}`),
          }))}
          data-testid="period-switch"
        />
        <DatePicker.RangePicker
          value={
            range ? [dayjs(range[0]), dayjs(range[1])] : data ? [dayjs(data.from), dayjs(data.to)] : null
          }
          onChange={(dates) =>
            setRange(
              dates?.[0] && dates[1] ? [dates[0].format('YYYY-MM-DD'), dates[1].format('YYYY-MM-DD')] : null,
            )
          }
          placeholder={[t('tasks.compliance.range'), t('tasks.compliance.range')]}
        />
      </Space>
      <ErrorAlert error={report.error} />
      {data && (
        <Row gutter={16} style={{ marginBottom: 16 }} data-testid="compliance-totals">
          <Col span={4}>
            <Statistic title={t('tasks.compliance.rate')} value={formatRate(data.totals.rate)} />
          </Col>
          <Col span={4}>
            <Statistic title={t('tasks.compliance.due')} value={data.totals.due} />
          </Col>
          <Col span={4}>
            <Statistic title={t('tasks.compliance.doneOnTime')} value={data.totals.doneOnTime} />
          </Col>
          <Col span={4}>
            <Statistic title={t('tasks.compliance.doneLate')} value={data.totals.doneLate} />
          </Col>
          <Col span={4}>
            <Statistic
              title={t('tasks.compliance.openOverdue')}
              value={data.totals.openOverdue}
              valueStyle={data.totals.openOverdue > 0 ? { color: '#cf1322' } : undefined}
            />
          </Col>
          <Col span={4}>
            <Statistic title={t('tasks.compliance.pending')} value={data.totals.pending} />
          </Col>
        </Row>
      )}
      {data && data.rows.length === 0 && <Empty description={t('tasks.compliance.empty')} />}
      {data && data.rows.length > 0 && (
        <>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('tasks.compliance.byGroup')}</Typography.Title>
              <ComplianceBarChart report={data} onGroup={(key, label) => setDrill({ key, label })} />
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('tasks.compliance.trend')}</Typography.Title>
              <ComplianceTrendChart report={data} />
            </Col>
          </Row>
          <Typography.Title level={5}>{t('tasks.compliance.table')}</Typography.Title>
          <Table<ReportRow>
            rowKey={(r) => `${r.key} ${r.bucket}`}
            size="small"
            loading={report.loading}
            columns={columns}
            dataSource={data.rows}
            pagination={{ pageSize: 20 }}
            data-testid="compliance-table"
          />
        </>
      )}
      <MissingDrawer drill={drill} query={query} onClose={() => setDrill(null)} />
    </Card>
  );
}
