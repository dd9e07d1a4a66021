/**
 * Charts drawn from a report's frozen figures: availability per circuit against its target,
 * tickets of the month (within limit / breached / other by type) and provisioning timeliness.
 */
import { Card, Col, Empty, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportData } from '../../api/reports';
import { echarts, ReactEChartsCore } from '../desk/desk-echarts';

/** The lower bound of the availability axis: close under the lowest value or target, so 99.9 and 99.95 differ. */
export function availabilityAxisMin(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return 0;
  const lo = Math.min(...finite);
  if (lo < 90) return Math.max(0, Math.floor(lo / 10) * 10);
  const pad = Math.max((100 - lo) * 0.5, 0.01);
  return Math.max(0, Math.floor((lo - pad) * 100) / 100);
}

export function availabilityOption(data: ReportData, labels: { value: string; target: string }) {
  const names = data.circuits.map((c) => c.circuitNumber);
  const values = data.circuits.map((c) => c.availabilityPpm / 10_000);
  const targets = data.circuits.map((c) =>
    c.targetAvailabilityPpm === null ? null : c.targetAvailabilityPpm / 10_000,
  );
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 24, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 6 ? 30 : 0 } },
    yAxis: {
      type: 'value',
      max: 100,
      min: availabilityAxisMin([...values, ...targets.filter((v): v is number => v !== null)]),
      axisLabel: { formatter: '{value}%' },
    },
    series: [
      {
        name: labels.value,
        type: 'bar',
        data: data.circuits.map((c, i) => ({
          value: values[i],
          itemStyle: { color: c.availabilityBreached ? '#cf1322' : '#1f3a93' },
        })),
      },
      {
        name: labels.target,
        type: 'line',
        step: 'middle',
        symbol: 'none',
        data: targets,
        lineStyle: { color: '#fa8c16', type: 'dashed' },
        itemStyle: { color: '#fa8c16' },
      },
    ],
  };
}

export function ReportCharts({ data }: { data: ReportData }) {
  const { t } = useTranslation();
  const ticketTypes = data.tickets.byType;
  const ticketOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: {
      type: 'category',
      data: ticketTypes.map((b) => t(`reports.ticketType.${b.ticketType}`, { defaultValue: b.ticketType })),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: ticketTypes.map((b) => b.count), itemStyle: { color: '#1677ff' } }],
  };
  const o = data.orders;
  const orderOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: [data.period] },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('reports.charts.onTime'),
        type: 'bar',
        stack: 'o',
        data: [o.onTime],
        itemStyle: { color: '#52c41a' },
      },
      {
        name: t('reports.charts.late'),
        type: 'bar',
        stack: 'o',
        data: [o.late],
        itemStyle: { color: '#cf1322' },
      },
      {
        name: t('reports.charts.noDueDate'),
        type: 'bar',
        stack: 'o',
        data: [o.noDueDate],
        itemStyle: { color: '#bfbfbf' },
      },
      {
        name: t('reports.charts.openOverdue'),
        type: 'bar',
        data: [o.openOverdue],
        itemStyle: { color: '#fa8c16' },
      },
    ],
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('reports.charts.availability')} data-testid="chart-availability">
          {data.circuits.length === 0 ? (
            <Empty description={t('reports.charts.noCircuits')} />
          ) : (
            <ReactEChartsCore
              echarts={echarts}
              option={availabilityOption(data, {
                value: t('reports.charts.value'),
                target: t('reports.charts.target'),
              })}
              notMerge
              style={{ height: 260 }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card
          size="small"
          title={`${t('reports.charts.tickets')} · ${t('reports.charts.resolvedWithinLimit')} ${data.tickets.resolvedWithinLimit}/${data.tickets.withLimit}`}
          data-testid="chart-tickets"
        >
          {data.tickets.total === 0 ? (
            <Empty description={t('reports.charts.noTickets')} />
          ) : (
            <ReactEChartsCore echarts={echarts} option={ticketOption} notMerge style={{ height: 260 }} />
          )}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card
          size="small"
          title={`${t('reports.charts.orders')} · ${o.onTimeRate === null ? '—' : `${o.onTimeRate}%`}`}
          data-testid="chart-orders"
        >
          {o.onTime + o.late + o.noDueDate + o.openOverdue === 0 ? (
            <Empty description={t('reports.charts.noOrders')} />
          ) : (
            <ReactEChartsCore echarts={echarts} option={orderOption} notMerge style={{ height: 260 }} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
