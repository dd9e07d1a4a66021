import { Col, Empty, Row, Spin, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type BillingMonth, findBilling } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { echarts, ReactEChartsCore } from './customer-echarts';
import { fenToWan, formatWan } from './customer-format';

const MONTHS = 24;

/** Product families stacked in the chart, with their series colours. */
const FAMILIES = [
  { key: 'voiceFen', label: 'voice', color: '#5470c6' },
  { key: 'dataFen', label: 'data', color: '#91cc75' },
  { key: 'bandwidthFen', label: 'bandwidth', color: '#fac858' },
  { key: 'newServicesFen', label: 'newServices', color: '#73c0de' },
  { key: 'idcFen', label: 'idc', color: '#9a60b4' },
] as const;

export type BillingSummary = {
  /** Revenue of the last 12 months, fen. */
  last12Fen: number;
  /** Revenue of the 12 months before those, fen; null when there are not 24 months. */
  previous12Fen: number | null;
  avgMonthlyFen: number;
  arrearsMonthCount: number;
};

/** Totals over the facts (oldest first), in integer fen. */
export function summarizeBilling(months: readonly BillingMonth[]): BillingSummary {
  const last12 = months.slice(-12);
  const previous12 = months.length >= 24 ? months.slice(-24, -12) : null;
  const sum = (list: readonly BillingMonth[]) => list.reduce((total, m) => total + m.revenueFen, 0);
  return {
    last12Fen: sum(last12),
    previous12Fen: previous12 ? sum(previous12) : null,
    avgMonthlyFen: months.length > 0 ? Math.round(sum(months) / months.length) : 0,
    arrearsMonthCount: months.filter((m) => m.arrearsMonths > 0).length,
  };
}

/** 24 months of billing: revenue by product family (stacked bars), dedicated cost (line), arrears marked. */
export function BillingCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const billing = useApi((signal) => findBilling(customerId, MONTHS, signal), [customerId]);
  const months = billing.data ?? [];
  const summary = useMemo(() => summarizeBilling(billing.data ?? []), [billing.data]);

  const option = useMemo(() => {
    const rows = billing.data ?? [];
    const labels = rows.map((m) => m.month.slice(0, 7));
    const arrears = rows.filter((m) => m.arrearsMonths > 0);
    return {
      grid: { left: 56, right: 16, top: 48, bottom: 32 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value: number) => t('customers.billing.wan', { amount: value.toFixed(2) }),
      },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', name: t('customers.billing.unit'), min: 0 },
      series: [
        ...FAMILIES.map((family, index) => ({
          name: t(`customers.billing.${family.label}`),
          type: 'bar',
          stack: 'revenue',
          barMaxWidth: 28,
          itemStyle: { color: family.color },
          data: rows.map((m) => fenToWan(m[family.key])),
          // Arrears months shaded on the first series so that the band sits behind the bars.
          ...(index === 0 && arrears.length > 0
            ? {
                markArea: {
                  silent: true,
                  itemStyle: { color: 'rgba(245, 34, 45, 0.08)' },
                  label: { show: false },
                  data: arrears.map((m) => [
                    { xAxis: m.month.slice(0, 7), name: t('customers.billing.arrears') },
                    { xAxis: m.month.slice(0, 7) },
                  ]),
                },
              }
            : {}),
        })),
        {
          name: t('customers.billing.dedicatedCost'),
          type: 'line',
          smooth: true,
          symbolSize: 5,
          itemStyle: { color: '#ee6666' },
          data: rows.map((m) => fenToWan(m.dedicatedCostFen)),
          markPoint:
            arrears.length > 0
              ? {
                  symbol: 'pin',
                  symbolSize: 36,
                  itemStyle: { color: '#f5222d' },
                  label: { formatter: (p: { value: number }) => String(p.value), fontSize: 10 },
                  data: arrears.map((m) => ({
                    name: t('customers.billing.arrearsMonths', { count: m.arrearsMonths }),
                    coord: [m.month.slice(0, 7), fenToWan(m.revenueFen)],
                    value: m.arrearsMonths,
                  })),
                }
              : undefined,
        },
      ],
    };
  }, [billing.data, t]);

  if (billing.loading && !billing.data) return <Spin />;
  const yoy =
    summary.previous12Fen && summary.previous12Fen > 0
      ? ((summary.last12Fen - summary.previous12Fen) / summary.previous12Fen) * 100
      : null;

  return (
    <div data-testid="customer-billing">
      <ErrorAlert error={billing.error} />
      {months.length === 0 ? (
        !billing.error && <Empty description={t('customers.billing.empty')} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 8 }}>
            <Col xs={12} md={6}>
              <Statistic
                title={t('customers.billing.last12')}
                value={formatWan(summary.last12Fen)}
                suffix={t('customers.billing.unit')}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('customers.billing.avgMonthly')}
                value={formatWan(summary.avgMonthlyFen)}
                suffix={t('customers.billing.unit')}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('customers.billing.yoy')}
                value={yoy === null ? '—' : yoy.toFixed(1)}
                suffix={yoy === null ? undefined : '%'}
                valueStyle={yoy === null ? undefined : { color: yoy >= 0 ? '#389e0d' : '#cf1322' }}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('customers.billing.arrearsCount')}
                value={summary.arrearsMonthCount}
                valueStyle={summary.arrearsMonthCount > 0 ? { color: '#cf1322' } : undefined}
              />
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('customers.billing.title')}
          </Typography.Text>
          <ReactEChartsCore
            echarts={echarts}
            option={option}
            notMerge
            opts={{ renderer: 'svg' }}
            style={{ height: 340, width: '100%' }}
          />
        </>
      )}
    </div>
  );
}
