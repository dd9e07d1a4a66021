/** On time vs late activations per month (ECharts stacked bars), from GET /orders/timeliness. */
import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { getTimeliness, type Timeliness } from '../../api/orders';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { echarts, ReactEChartsCore } from '../customers/customer-echarts';

/** The last `months` months up to `now`'s month as YYYY-MM. */
export function monthRange(now: Date, months: number): { from: string; to: string } {
  const y = now.getFullYear();
  const m = now.getMonth();
  const fmt = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { from: fmt(new Date(y, m - (months - 1), 1)), to: fmt(new Date(y, m, 1)) };
}

export function byMonth(data: Timeliness) {
  const months: string[] = [];
  const [fy, fm] = data.from.split('-').map(Number) as [number, number];
  const [ty, tm] = data.to.split('-').map(Number) as [number, number];
  for (let i = fy * 12 + fm - 1; i <= ty * 12 + tm - 1; i++)
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const sum = (month: string, key: 'onTime' | 'late' | 'overdueWorkingDays') =>
    data.rows.filter((r) => r.month === month).reduce((s, r) => s + r[key], 0);
  return {
    months,
    onTime: months.map((m) => sum(m, 'onTime')),
    late: months.map((m) => sum(m, 'late')),
    overdueDays: months.map((m) => sum(m, 'overdueWorkingDays')),
  };
}

export function TimelinessChart({ months = 6 }: { months?: number }) {
  const { t } = useTranslation();
  const range = monthRange(new Date(), months);
  const state = useApi((signal) => getTimeliness(range.from, range.to, signal), [range.from, range.to]);
  if (state.error) return <ErrorAlert error={state.error} />;
  const data = state.data;
  const series = data ? byMonth(data) : null;
  return (
    <Card size="small" title={t('orders.chart.title')} data-testid="timeliness-chart">
      {data && data.totals.activated === 0 ? (
        <Empty description={t('orders.chart.empty')} />
      ) : series ? (
        <ReactEChartsCore
          echarts={echarts}
          notMerge
          style={{ height: 220 }}
          option={{
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 40, top: 36, bottom: 28 },
            xAxis: { type: 'category', data: series.months },
            yAxis: [
              { type: 'value', minInterval: 1 },
              { type: 'value', minInterval: 1, splitLine: { show: false } },
            ],
            series: [
              {
                name: t('orders.chart.onTime'),
                type: 'bar',
                stack: 'n',
                data: series.onTime,
                itemStyle: { color: '#52c41a' },
              },
              {
                name: t('orders.chart.late'),
                type: 'bar',
                stack: 'n',
                data: series.late,
                itemStyle: { color: '#cf1322' },
              },
              {
                name: t('orders.chart.overdueDays'),
                type: 'line',
                yAxisIndex: 1,
                data: series.overdueDays,
                itemStyle: { color: '#fa8c16' },
              },
            ],
          }}
        />
      ) : null}
    </Card>
  );
}
