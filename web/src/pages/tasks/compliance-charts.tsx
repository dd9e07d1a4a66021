import { useTranslation } from 'react-i18next';
import type { ComplianceReport } from '../../api/tasks';
import { echarts, ReactEChartsCore } from '../customers/customer-echarts';
import { bucketLabel } from './task-labels';

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Compliance rate per group (bars, best first); clicking a bar asks for its missing tasks. */
export function ComplianceBarChart({
  report,
  onGroup,
}: {
  report: ComplianceReport;
  onGroup: (key: string, label: string) => void;
}) {
  const { t } = useTranslation();
  const groups = report.groups.slice(0, 30);
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    grid: { left: 48, right: 16, top: 24, bottom: 72 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('tasks.compliance.rate'),
        type: 'bar',
        data: groups.map((g) => percent(g.rate)),
        itemStyle: { color: '#1677ff' },
        label: { show: groups.length <= 12, position: 'top', formatter: '{c}%' },
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: 300 }}
      notMerge
      onEvents={{
        click: (params: { dataIndex: number }) => {
          const g = groups[params.dataIndex];
          if (g) onGroup(g.key, g.label);
        },
      }}
    />
  );
}

/** The trend of the rate by month or dekad: overall, and the five largest groups. */
export function ComplianceTrendChart({ report }: { report: ComplianceReport }) {
  const { t } = useTranslation();
  const buckets = report.buckets.map((b) => b.bucket);
  const top = [...report.groups].sort((a, b) => b.due - a.due).slice(0, 5);
  const byKey = new Map(report.rows.map((r) => [`${r.key} ${r.bucket}`, r]));
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: buckets.map((b) => bucketLabel(b, t)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('tasks.compliance.rate'),
        type: 'line',
        data: report.buckets.map((b) => percent(b.rate)),
        lineStyle: { width: 3 },
      },
      ...top.map((g) => ({
        name: g.label,
        type: 'line',
        connectNulls: true,
        data: buckets.map((b) => percent(byKey.get(`${g.key} ${b}`)?.rate ?? null)),
      })),
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 300 }} notMerge />;
}
