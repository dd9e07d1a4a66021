import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AvailabilityPoint, formatPpm } from '../../api/agreements';
import { echarts, ReactEChartsCore } from '../desk/desk-echarts';

/** Monthly availability of one circuit (%) against its commitment (a dashed line); breached months in red. */
export function AvailabilityChart({
  points,
  height = 280,
}: {
  points: AvailabilityPoint[];
  height?: number;
}) {
  const { t } = useTranslation();
  if (points.length === 0) return <Empty description={t('agreements.chart.empty')} />;
  const pct = (ppm: number | null) => (ppm === null ? null : ppm / 10_000);
  const values = points.flatMap((p) => [p.availabilityPpm, p.targetAvailabilityPpm ?? 1_000_000]);
  const min = Math.max(0, Math.floor(Math.min(...values) / 10_000 - 0.05) * 1);
  const option = {
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const p = points[items[0]?.dataIndex ?? 0]!;
        const target = p.targetAvailabilityPpm === null ? '—' : formatPpm(p.targetAvailabilityPpm);
        return `${p.month}<br/>${t('agreements.chart.availability')} ${formatPpm(p.availabilityPpm)}<br/>${t('agreements.chart.target')} ${target}${p.measured ? '' : `<br/>${t('agreements.chart.computed')}`}`;
      },
    },
    legend: { data: [t('agreements.chart.availability'), t('agreements.chart.target')] },
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.month) },
    yAxis: { type: 'value', min, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('agreements.chart.availability'),
        type: 'line',
        data: points.map((p) => ({
          value: pct(p.availabilityPpm),
          itemStyle: { color: p.availabilityBreached ? '#cf1322' : '#389e0d' },
        })),
        symbolSize: 8,
      },
      {
        name: t('agreements.chart.target'),
        type: 'line',
        step: 'middle',
        data: points.map((p) => pct(p.targetAvailabilityPpm)),
        lineStyle: { type: 'dashed' },
        symbol: 'none',
      },
    ],
  };
  return (
    <div data-testid="availability-chart">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {points
          .filter((p) => p.availabilityBreached)
          .map((p) => `${p.month} ${formatPpm(p.availabilityPpm)}`)
          .join(' · ')}
      </Typography.Text>
    </div>
  );
}
