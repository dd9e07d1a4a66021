/**
 * The customer's value assessments (PRODUCT.md §2) on the customer 360 page: the total and the
 * results over the runs as a line chart; for the assessment picked from the history (the latest
 * by default, or a point of the chart): the score per indicator as horizontal bars, a table of
 * why the total is what it is (raw value, score, weight in the total, contribution = weight ×
 * score), the missing indicators by name, the model version and, when its run failed or was
 * interrupted, a warning; and a "reassess this customer" button that starts a one-customer run
 * and polls it.
 */
import { ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Assessment,
  findCustomerAssessments,
  getAssessmentRun,
  type IndicatorContribution,
  startAssessmentRun,
} from '../../../api/assessment';
import { useApi } from '../../../api/use-api';
import { findIndicators, type Indicator, type IndicatorKey } from '../../../api/value';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { describeError } from '../../../i18n/describe-error';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

// echarts-for-react ships CommonJS with `exports.default`: vitest hands us the class, the
// production bundle the whole exports object. Accept both.
const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

/** Roles that may start a run for one customer (the server also checks the customer's scope). */
const REASSESS_ROLES = ['admin', 'kam_manager', 'analyst', 'account_manager'];
const RESULTS = ['total', 'currentValue', 'potentialValue', 'loyalty', 'influence'] as const;
const POLL_MS = 1000;

/** A raw indicator value for people: money in yuan, shares in %, the rest as is. */
export function formatRaw(raw: number, unit: string | undefined, locale: string): string {
  const n = (x: number, digits: number) => x.toLocaleString(locale, { maximumFractionDigits: digits });
  switch (unit) {
    case 'fen':
      return `¥${n(raw / 100, 0)}`;
    case 'ratio':
      return `${n(raw * 100, 1)}%`;
    case 'years':
    case 'months':
      return n(raw, 1);
    default:
      return n(raw, 2);
  }
}

function TrendChart({
  history,
  selectedId,
  onSelect,
}: {
  history: Assessment[];
  selectedId: number;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation();
  const runs = useMemo(() => [...history].reverse(), [history]); // oldest first
  const onEvents = useMemo(
    () => ({
      click: (p: { dataIndex?: number }) => {
        const a = p.dataIndex === undefined ? undefined : runs[p.dataIndex];
        if (a) onSelect(a.id);
      },
    }),
    [runs, onSelect],
  );
  const option = useMemo(() => {
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: RESULTS.map((r) => t(`value.result.${r}`)) },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: runs.map((a) => a.asOf) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: RESULTS.map((r) => ({
        name: t(`value.result.${r}`),
        type: 'line',
        smooth: true,
        connectNulls: false,
        lineStyle: r === 'total' ? { width: 3 } : { width: 1.5 },
        // the picked assessment's total point stands out
        data: runs.map((a) =>
          r === 'total' && a.id === selectedId
            ? { value: a[r], symbolSize: 12, itemStyle: { borderWidth: 3 } }
            : a[r],
        ),
      })),
    };
  }, [runs, selectedId, t]);
  return (
    <div data-testid="assessment-trend">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: 260 }}
        notMerge
        onEvents={onEvents}
      />
    </div>
  );
}

/** Why the total: per scored indicator, raw value, score, weight in the total and weight × score. */
function WhyTable({
  assessment,
  indicators,
  indicatorName,
}: {
  assessment: Assessment;
  indicators: Map<string, Indicator>;
  indicatorName: (key: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const rows = useMemo(
    () => [...(assessment.breakdown ?? [])].sort((a, b) => b.contribution - a.contribution),
    [assessment],
  );
  const number = (x: number, digits: number) =>
    x.toLocaleString(i18n.language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const columns: TableColumnsType<IndicatorContribution> = [
    {
      title: t('value.history.indicator'),
      dataIndex: 'indicator',
      render: (key: string) => <Tooltip title={key}>{indicatorName(key)}</Tooltip>,
    },
    {
      title: t('value.history.raw'),
      dataIndex: 'raw',
      align: 'right',
      render: (raw: number, row) => formatRaw(raw, indicators.get(row.indicator)?.unit, i18n.language),
    },
    {
      title: t('value.history.score'),
      dataIndex: 'score',
      align: 'right',
      render: (s: number) => number(s, 1),
    },
    {
      title: t('value.history.weight'),
      dataIndex: 'weight',
      align: 'right',
      render: (w: number) => `${number(w * 100, 1)}%`,
    },
    {
      title: t('value.history.contribution'),
      dataIndex: 'contribution',
      align: 'right',
      render: (c: number) => <b>{number(c, 2)}</b>,
    },
  ];
  const sum = rows.reduce((acc, r) => acc + r.contribution, 0);
  return (
    <Table<IndicatorContribution>
      rowKey="indicator"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      locale={{ emptyText: t('value.history.whyEmpty') }}
      data-testid="assessment-why"
      summary={() =>
        rows.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={5} align="right">
              <span data-testid="assessment-why-sum">
                {t('value.history.whySum', {
                  sum: number(sum, 2),
                  total: assessment.total === null ? '—' : number(assessment.total, 2),
                })}
              </span>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}

/** A warning when the assessment's run did not finish: failed, interrupted, or still going. */
function RunStateTag({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  if (!assessment.runStatus || assessment.runStatus === 'done') return null;
  const key =
    assessment.runStatus === 'running'
      ? 'runRunning'
      : assessment.runError === 'interrupted'
        ? 'runInterrupted'
        : 'runFailed';
  return (
    <Tag
      color={assessment.runStatus === 'running' ? 'processing' : 'error'}
      data-testid="assessment-run-state"
    >
      <WarningOutlined /> {t(`value.history.${key}`)}
    </Tag>
  );
}

function BreakdownChart({
  assessment: latest,
  indicators,
}: {
  assessment: Assessment;
  indicators: Map<string, Indicator>;
}) {
  const { t, i18n } = useTranslation();
  const option = useMemo(() => {
    const zh = i18n.language.startsWith('zh');
    const entries = Object.entries(latest.scores) as [IndicatorKey, { raw: number; score: number }][];
    // catalogue order, the first at the top
    const order = [...indicators.keys()];
    entries.sort((a, b) => order.indexOf(b[0]) - order.indexOf(a[0]));
    const names = entries.map(([k]) => {
      const ind = indicators.get(k);
      return ind ? (zh ? ind.zh : ind.en) : k;
    });
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const [key, s] = entries[p.dataIndex] ?? [];
          if (!key || !s) return '';
          const raw = formatRaw(s.raw, indicators.get(key)?.unit, i18n.language);
          return `${names[p.dataIndex]}<br/>${t('value.history.score')}: ${s.score}<br/>${t('value.history.raw')}: ${raw}`;
        },
      },
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: names, axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: entries.map(([, s]) => ({
            value: s.score,
            itemStyle: { color: s.score >= 66 ? '#52c41a' : s.score >= 33 ? '#1677ff' : '#fa8c16' },
          })),
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [latest, indicators, i18n.language, t]);
  const rows = Object.keys(latest.scores).length;
  return (
    <div data-testid="assessment-breakdown">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: Math.max(160, rows * 26 + 40) }}
        notMerge
      />
    </div>
  );
}

export function AssessmentPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const history = useApi(
    (signal) => findCustomerAssessments(customerId, { limit: 24 }, signal),
    [customerId],
  );
  const catalogue = useApi((signal) => findIndicators(signal), []);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const indicators = useMemo(
    () => new Map((catalogue.data ?? []).map((i) => [i.key as string, i])),
    [catalogue.data],
  );
  const items = history.data ?? [];
  const [pickedId, setPickedId] = useState<number | null>(null);
  // the picked assessment while it is in the history, else the latest
  const shown = items.find((a) => a.id === pickedId) ?? items[0];
  const isLatest = shown !== undefined && shown.id === items[0]?.id;

  const reassess = async () => {
    setError(null);
    setRunning(true);
    try {
      const run = await startAssessmentRun({ customerId });
      const poll = async () => {
        try {
          const now = await getAssessmentRun(run.id);
          if (now.status === 'running') {
            timer.current = setTimeout(poll, POLL_MS);
            return;
          }
          setRunning(false);
          if (now.status === 'done') message.success(t('value.history.reassessed'));
          else message.error(t('value.history.reassessFailed', { error: now.error ?? '' }));
          setPickedId(null); // show the new latest
          history.reload();
        } catch (caught) {
          setRunning(false);
          setError(caught);
        }
      };
      await poll();
    } catch (caught) {
      setRunning(false);
      setError(caught);
      message.error(describeError(caught, t));
    }
  };

  const canReassess = role !== null && REASSESS_ROLES.includes(role);
  const indicatorName = (key: string) => {
    const ind = indicators.get(key);
    return ind ? (i18n.language.startsWith('zh') ? ind.zh : ind.en) : key;
  };

  return (
    <Card
      title={t('value.history.title')}
      data-testid="assessment-panel"
      extra={
        canReassess && (
          <Button
            icon={<ReloadOutlined />}
            loading={running}
            onClick={reassess}
            data-testid="reassess-customer"
          >
            {running ? t('value.history.reassessing') : t('value.history.reassess')}
          </Button>
        )
      }
    >
      <ErrorAlert error={error ?? history.error} />
      {history.loading && !history.data ? (
        <Spin />
      ) : !shown ? (
        <Empty description={t('value.history.empty')} data-testid="assessment-empty" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Row gutter={16} align="middle">
            <Col>
              <Statistic
                title={t(isLatest ? 'value.history.latest' : 'value.history.selected')}
                value={shown.total ?? '—'}
                precision={shown.total === null ? undefined : 1}
              />
            </Col>
            <Col>
              <Space wrap>
                <Tag data-testid="assessment-model">
                  {t('value.history.modelVersion', { version: shown.modelVersion })}
                </Tag>
                <Tag>{t('value.history.asOf', { asOf: shown.asOf })}</Tag>
                {(shown.indicatedTier ?? shown.indicatedGroupClass) && (
                  <Tag color="gold">
                    {t('value.history.indicated')}: {shown.indicatedTier ?? shown.indicatedGroupClass}
                  </Tag>
                )}
                <RunStateTag assessment={shown} />
                <Typography.Text type="secondary">
                  {t('value.history.runs', { count: items.length })}
                </Typography.Text>
              </Space>
            </Col>
          </Row>
          {items.length > 1 && (
            <>
              <Space wrap align="center">
                <Typography.Text strong>{t('value.history.pick')}</Typography.Text>
                <Select
                  value={shown.id}
                  style={{ minWidth: 300 }}
                  onChange={(id: number) => setPickedId(id)}
                  options={items.map((a) => ({
                    value: a.id,
                    label: `${t('value.history.pickOption', {
                      asOf: a.asOf,
                      total: a.total === null ? '—' : a.total.toFixed(1),
                      version: a.modelVersion,
                    })}${a.runStatus && a.runStatus !== 'done' ? ' ⚠' : ''}`,
                  }))}
                  aria-label={t('value.history.pick')}
                  data-testid="assessment-pick"
                />
                <Typography.Text type="secondary">{t('value.history.pickHint')}</Typography.Text>
              </Space>
              <Typography.Text strong>{t('value.history.trend')}</Typography.Text>
              <TrendChart history={items} selectedId={shown.id} onSelect={setPickedId} />
            </>
          )}
          <Typography.Text strong>{t('value.history.breakdown')}</Typography.Text>
          <BreakdownChart assessment={shown} indicators={indicators} />
          <Typography.Text strong>{t('value.history.why')}</Typography.Text>
          <WhyTable assessment={shown} indicators={indicators} indicatorName={indicatorName} />
          <div data-testid="assessment-missing">
            {shown.missing.length === 0 ? (
              <Tag color="success">{t('value.history.noMissing')}</Tag>
            ) : (
              <Space wrap size={[4, 4]}>
                <Typography.Text type="warning">
                  <WarningOutlined /> {t('value.history.missing')}:
                </Typography.Text>
                {shown.missing.map((key) => (
                  <Tooltip key={key} title={key}>
                    <Tag color="warning">{indicatorName(key)}</Tag>
                  </Tooltip>
                ))}
              </Space>
            )}
          </div>
        </Space>
      )}
    </Card>
  );
}
