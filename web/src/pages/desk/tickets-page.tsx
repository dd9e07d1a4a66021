import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Input,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import {
  findDepartments,
  findTickets,
  getDeskConfig,
  getTicketSummary,
  OPEN_STATUSES,
  SEVERITIES,
  type Severity,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketSummary,
  type TicketType,
} from '../../api/desk';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { echarts, ReactEChartsCore } from './desk-echarts';
import { severityLabel, statusLabel, typeLabel } from './desk-labels';
import { TicketTable } from './ticket-table';

export const BOARD_POLL_MS = 15_000;
const CONFIG_ROLES = ['admin', 'kam_manager', 'frontdesk', 'ops_engineer', 'analyst', 'auditor'];

/** Which tickets the board lists: the open ones (the queue), the finished ones, or all. */
type BoardView = 'open' | 'finished' | 'all';
const FINISHED_STATUSES = TICKET_STATUSES.filter((s) => !OPEN_STATUSES.includes(s));
const VIEW_STATUSES: Record<BoardView, readonly string[]> = {
  open: OPEN_STATUSES,
  finished: FINISHED_STATUSES,
  all: TICKET_STATUSES,
};

/** Open and breached per department and per tier, side by side. */
function SummaryCharts({ summary }: { summary: TicketSummary }) {
  const { t } = useTranslation();
  const deps = summary.byDepartment;
  const tiers = summary.byTier;
  const bar = (name: string, data: number[], color: string) => ({
    name,
    type: 'bar',
    data,
    itemStyle: { color },
    label: { show: true, position: 'top' },
  });
  const option = (categories: string[], series: object[]) => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  });
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('desk.board.byDepartment')} data-testid="chart-by-department">
          <ReactEChartsCore
            echarts={echarts}
            notMerge
            style={{ height: 220 }}
            option={option(
              deps.map((d) => d.departmentName ?? d.departmentCode),
              [
                bar(
                  t('desk.board.seriesOpen'),
                  deps.map((d) => d.open),
                  '#1677ff',
                ),
                bar(
                  t('desk.board.seriesBreached'),
                  deps.map((d) => d.breached),
                  '#cf1322',
                ),
                bar(
                  t('desk.board.seriesEscalated'),
                  deps.map((d) => d.escalated),
                  '#fa8c16',
                ),
              ],
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('desk.board.byTier')} data-testid="chart-by-tier">
          <ReactEChartsCore
            echarts={echarts}
            notMerge
            style={{ height: 220 }}
            option={option(
              tiers.map((x) => x.tier ?? t('desk.board.noTier')),
              [
                bar(
                  t('desk.board.seriesOpen'),
                  tiers.map((x) => x.open),
                  '#1677ff',
                ),
                bar(
                  t('desk.board.seriesBreached'),
                  tiers.map((x) => x.breached),
                  '#cf1322',
                ),
              ],
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}

/**
 * The live board of every open ticket (一站式: the front desk can tell a customer where its ticket
 * is): queue order (tier, then time left), stage and owning department, assignee, countdown and
 * escalation level; filters; summary cards and charts. Polls every 15 s.
 */
export function TicketsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const userId = session.status === 'authenticated' ? session.user.id : null;
  // links may open the board filtered (the home page's figures): ?breached=1, ?mine=1, ?view=finished
  const [params] = useSearchParams();
  const flag = (name: string) => params.get(name) === '1' || params.get(name) === 'true';
  const [view, setView] = useState<BoardView>(() => {
    const v = params.get('view');
    return v === 'finished' || v === 'all' ? v : 'open';
  });
  const [severity, setSeverity] = useState<Severity>();
  const [mine, setMine] = useState(() => flag('mine'));
  const [departmentCode, setDepartmentCode] = useState<string>();
  const [stageCode, setStageCode] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [ticketType, setTicketType] = useState<TicketType>();
  const [breached, setBreached] = useState(() => flag('breached'));
  const [escalated, setEscalated] = useState(() => flag('escalated'));
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), BOARD_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  const tickets = useApi(
    async (signal) => {
      const result = await findTickets(
        {
          ...(view === 'all' ? {} : { open: view === 'open' }),
          // the queue (tier, then time left) for open work; the newest first otherwise
          sort: view === 'open' ? 'queue' : '-createdAt',
          ...(severity ? { severity } : {}),
          ...(mine && userId ? { assigneeId: userId } : {}),
          ...(departmentCode ? { departmentCode } : {}),
          ...(stageCode ? { stageCode } : {}),
          ...(status ? { status } : {}),
          ...(ticketType ? { ticketType } : {}),
          ...(breached ? { breached: true } : {}),
          ...(escalated ? { escalated: true } : {}),
          ...(q ? { q } : {}),
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      );
      return { ...result, at: Date.now() };
    },
    [
      view,
      severity,
      mine,
      userId,
      departmentCode,
      stageCode,
      status,
      ticketType,
      breached,
      escalated,
      q,
      page.current,
      page.pageSize,
      tick,
    ],
  );
  const summary = useApi((signal) => getTicketSummary(signal), [tick]);
  const departments = useApi((signal) => findDepartments(signal).catch(() => []), []);
  const stages = useApi(
    (signal) =>
      role && CONFIG_ROLES.includes(role)
        ? getDeskConfig(signal).then(
            (c) => c.current.document.stages,
            () => [],
          )
        : Promise.resolve([]),
    [role],
  );

  const resetPage = () => setPage((p) => ({ ...p, current: 1 }));
  const s = summary.data;
  const reload = () => setTick((n) => n + 1);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="tickets-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('desk.board.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('desk.board.subtitle')}</Typography.Text>
        </Space>
        <Space>
          {tickets.data && (
            <Typography.Text type="secondary" data-testid="board-updated-at">
              {t('desk.board.updatedAt', { time: formatInstant(new Date(tickets.data.at).toISOString()) })} ·{' '}
              {t('desk.board.autoRefresh')}
            </Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="reload" />
        </Space>
      </Space>
      <Row gutter={16} data-testid="board-summary">
        {(
          [
            ['open', s?.open, undefined],
            ['breached', s?.breached, '#cf1322'],
            ['escalated', s?.escalated, '#d46b08'],
            ['dueWithinHour', s?.dueWithinHour, '#d46b08'],
          ] as const
        ).map(([key, value, color]) => (
          <Col xs={12} md={6} key={key}>
            <Card size="small">
              <Statistic
                title={t(`desk.board.${key}`)}
                value={value ?? '—'}
                valueStyle={value && color ? { color } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {s && <SummaryCharts summary={s} />}
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<BoardView>
            value={view}
            onChange={(v) => {
              setView(v);
              if (status && !VIEW_STATUSES[v].includes(status)) setStatus(undefined);
              resetPage();
            }}
            options={(['open', 'finished', 'all'] as const).map((v) => ({
              value: v,
              label: t(`desk.board.view.${v}`),
            }))}
            data-testid="board-view"
          />
          <Input.Search
            allowClear
            placeholder={t('desk.board.search')}
            style={{ width: 240 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => {
              setQ(v.trim());
              resetPage();
            }}
            data-testid="board-search"
          />
          <Select
            allowClear
            placeholder={t('desk.board.filterDepartment')}
            style={{ width: 150 }}
            value={departmentCode}
            onChange={(v) => {
              setDepartmentCode(v);
              resetPage();
            }}
            options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
            data-testid="filter-department"
          />
          <Select
            allowClear
            placeholder={t('desk.board.filterStage')}
            style={{ width: 150 }}
            value={stageCode}
            onChange={(v) => {
              setStageCode(v);
              resetPage();
            }}
            options={(stages.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
          />
          <Select
            allowClear
            placeholder={t('desk.board.filterStatus')}
            style={{ width: 120 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              resetPage();
            }}
            options={VIEW_STATUSES[view].map((x) => ({ value: x, label: statusLabel(t, x) }))}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('desk.board.filterType')}
            style={{ width: 120 }}
            value={ticketType}
            onChange={(v) => {
              setTicketType(v);
              resetPage();
            }}
            options={TICKET_TYPES.map((x) => ({ value: x, label: typeLabel(t, x) }))}
            data-testid="filter-type"
          />
          <Select
            allowClear
            placeholder={t('desk.board.filterSeverity')}
            style={{ width: 120 }}
            value={severity}
            onChange={(v) => {
              setSeverity(v);
              resetPage();
            }}
            options={SEVERITIES.map((x) => ({ value: x, label: severityLabel(t, x) }))}
            data-testid="filter-severity"
          />
          <Checkbox
            checked={mine}
            onChange={(e) => {
              setMine(e.target.checked);
              resetPage();
            }}
            data-testid="filter-mine"
          >
            {t('desk.board.mineOnly')}
          </Checkbox>
          <Checkbox
            checked={breached}
            onChange={(e) => {
              setBreached(e.target.checked);
              resetPage();
            }}
            data-testid="filter-breached"
          >
            {t('desk.board.breachedOnly')}
          </Checkbox>
          <Checkbox
            checked={escalated}
            onChange={(e) => {
              setEscalated(e.target.checked);
              resetPage();
            }}
            data-testid="filter-escalated"
          >
            {t('desk.board.escalatedOnly')}
          </Checkbox>
        </Space>
        <ErrorAlert error={tickets.error ?? summary.error} />
        <TicketTable
          tickets={tickets.data?.items ?? []}
          loading={tickets.loading && !tickets.data}
          fetchedAt={tickets.data?.at ?? Date.now()}
          testId="board-table"
          emptyText={t(view === 'open' ? 'desk.board.empty' : 'desk.board.emptyAll')}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: tickets.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
            showTotal: (total) => t('desk.board.total', { total }),
          }}
        />
      </Card>
    </Space>
  );
}
