/**
 * A report's figures over time, read from the earlier frozen reports of the same customer and
 * agreement (up to twelve months ending with this one): the worst circuit's availability against
 * the agreement's target, tickets resolved within their limit, orders activated on time, and the
 * compensation of each month. Frozen figures only: what each month's report said when it was made.
 */
import { Card, Col, Empty, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { findReports, type Report, type ReportDetail } from '../../api/reports';
import { useApi } from '../../api/use-api';
import { echarts, ReactEChartsCore } from '../desk/desk-echarts';
import { availabilityAxisMin } from './report-charts';

/** The reports of `current`'s customer and agreement up to its period, oldest first, at most `months`. */
export function trendReports(
  all: readonly Report[],
  current: Pick<Report, 'customerId' | 'agreementId' | 'period'>,
  months = 12,
): Report[] {
  const byPeriod = new Map<string, Report>();
  for (const r of all) {
    if (r.customerId !== current.customerId || r.agreementId !== current.agreementId) continue;
    if (r.period > current.period) continue;
    const seen = byPeriod.get(r.period);
    if (!seen || r.generatedAt > seen.generatedAt) byPeriod.set(r.period, r);
  }
  return [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period)).slice(-months);
}

const percentOfPpm = (ppm: number | null) => (ppm === null ? null : ppm / 10_000);

export function availabilityTrendOption(
  reports: readonly Report[],
  targetPpm: number | null,
  labels: { value: string; target: string },
) {
  const values = reports.map((r) => percentOfPpm(r.summary.worstAvailabilityPpm));
  const target = percentOfPpm(targetPpm);
  const present = values.filter((v): v is number => v !== null);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: reports.map((r) => r.period) },
    yAxis: {
      type: 'value',
      max: 100,
      min: availabilityAxisMin(target === null ? present : [...present, target]),
      axisLabel: { formatter: '{value}%' },
    },
    series: [
      {
        name: labels.value,
        type: 'line',
        connectNulls: false,
        data: values.map((value) => ({
          value,
          itemStyle: { color: target !== null && value !== null && value < target ? '#cf1322' : '#1f3a93' },
        })),
        lineStyle: { color: '#1f3a93' },
      },
      ...(target === null
        ? []
        : [
            {
              name: labels.target,
              type: 'line',
              symbol: 'none',
              data: reports.map(() => target),
              lineStyle: { color: '#fa8c16', type: 'dashed' },
              itemStyle: { color: '#fa8c16' },
            },
          ]),
    ],
  };
}

export function serviceTrendOption(
  reports: readonly Report[],
  labels: { tickets: string; orders: string; compensation: string },
) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 64, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: reports.map((r) => r.period) },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', min: 0, axisLabel: { formatter: '¥{value}' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.compensation,
        type: 'bar',
        yAxisIndex: 1,
        data: reports.map((r) => r.summary.compensationFen / 100),
        itemStyle: { color: '#ffccc7' },
      },
      {
        name: labels.tickets,
        type: 'line',
        data: reports.map((r) => r.summary.ticketsWithinLimitRate),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: labels.orders,
        type: 'line',
        data: reports.map((r) => r.summary.ordersOnTimeRate),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
}

/** Whether any of the reports had tickets with a limit, order lines due, or compensation. */
export function hasServiceFigures(reports: readonly Report[]): boolean {
  return reports.some(
    (r) =>
      r.summary.ticketsWithinLimitRate !== null ||
      r.summary.ordersOnTimeRate !== null ||
      r.summary.compensationFen !== 0,
  );
}

/** The trend cards of the report viewer. */
export function ReportTrend({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const earlier = useApi(
    (signal) =>
      findReports(
        { customerId: report.customerId, ...(report.agreementId ? { agreementId: report.agreementId } : {}) },
        { limit: 100, offset: 0 },
        signal,
      ),
    [report.id, report.customerId, report.agreementId],
  );
  if (!earlier.data) return null;
  const series = trendReports(earlier.data.items, report);
  const title = t('reports.trend.title', { count: series.length });
  if (series.length < 2) {
    return (
      <Card size="small" title={t('reports.trend.heading')} data-testid="report-trend">
        <Empty description={t('reports.trend.tooFew')} />
      </Card>
    );
  }
  return (
    <Row gutter={[16, 16]} data-testid="report-trend">
      <Col xs={24} xl={12}>
        <Card size="small" title={`${t('reports.trend.availability')} · ${title}`}>
          <ReactEChartsCore
            echarts={echarts}
            option={availabilityTrendOption(series, report.data.agreement?.targets.availabilityPpm ?? null, {
              value: t('reports.availability'),
              target: t('reports.charts.target'),
            })}
            notMerge
            style={{ height: 260 }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={`${t('reports.trend.service')} · ${title}`}>
          {hasServiceFigures(series) ? (
            <ReactEChartsCore
              echarts={echarts}
              option={serviceTrendOption(series, {
                tickets: t('reports.ticketsRate'),
                orders: t('reports.ordersRate'),
                compensation: t('reports.compensation'),
              })}
              notMerge
              style={{ height: 260 }}
            />
          ) : (
            <Empty description={t('reports.trend.noService')} data-testid="trend-no-service" />
          )}
        </Card>
      </Col>
    </Row>
  );
}
