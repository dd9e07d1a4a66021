import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen, getSlipSummary, SLIP_KINDS } from '../../api/compensation';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { computeTodayDate } from '../../format';
import { echarts, ReactEChartsCore } from '../customers/customer-echarts';
import { SLIP_KIND_COLORS } from './slip-labels';

/** `YYYY-MM` `months` months before `month`. */
export function monthsBefore(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 120; m = monthsBefore(m, -1)) out.push(m);
  return out;
}

/** Amount per month stacked by kind (rejected slips left out), the last 12 months. */
export function SlipSummaryChart({ customerId }: { customerId?: string }) {
  const { t } = useTranslation();
  const to = computeTodayDate(new Date()).slice(0, 7);
  const from = monthsBefore(to, 11);
  const summary = useApi(
    (signal) => getSlipSummary({ from, to, ...(customerId ? { customerId } : {}) }, signal),
    [from, to, customerId],
  );
  const rows = (summary.data?.rows ?? []).filter((r) => r.status !== 'rejected');
  const months = monthRange(from, to);
  const option = {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => formatFen(Math.round(v * 100)),
    },
    legend: { top: 0 },
    grid: { left: 72, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', axisLabel: { formatter: '¥{value}' } },
    series: SLIP_KINDS.map((kind) => ({
      name: t(`compensation.kind.${kind}`),
      type: 'bar',
      stack: 'amount',
      itemStyle: { color: SLIP_KIND_COLORS[kind] },
      data: months.map(
        (m) =>
          rows.filter((r) => r.month === m && r.kind === kind).reduce((s, r) => s + r.amountFen, 0) / 100,
      ),
    })),
  };
  const totals = summary.data?.totals;
  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <span>{t('compensation.summary.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('compensation.summary.hint')}
          </Typography.Text>
        </Space>
      }
      extra={
        totals && (
          <Typography.Text data-testid="summary-total">
            {t('compensation.summary.total', {
              amount: formatFen(rows.reduce((s, r) => s + r.amountFen, 0)),
              count: rows.reduce((s, r) => s + r.count, 0),
              settled: formatFen(totals.settledFen),
            })}
          </Typography.Text>
        )
      }
      data-testid="slip-summary"
    >
      <ErrorAlert error={summary.error} />
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} />
    </Card>
  );
}
