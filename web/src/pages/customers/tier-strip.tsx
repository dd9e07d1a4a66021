import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerFilter, countCustomers, TIERS, type Tier } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { echarts, ReactEChartsCore } from './customer-echarts';
import { TIER_CHART_COLORS } from './customer-format';

export type TierCounts = { total: number; byTier: Record<Tier, number> };

/**
 * Customers per tier for the list's filter (without its tier), from `X-Total-Count` of one
 * `limit=1` request for all and one per tier: six small requests instead of an aggregate endpoint.
 */
export async function countByTier(filter: CustomerFilter, signal?: AbortSignal): Promise<TierCounts> {
  const { tier: _tier, ...rest } = filter;
  const [total, ...counts] = await Promise.all([
    countCustomers(rest, signal),
    ...TIERS.map((tier) => countCustomers({ ...rest, tier }, signal)),
  ]);
  const byTier = Object.fromEntries(TIERS.map((tier, i) => [tier, counts[i] ?? 0])) as Record<Tier, number>;
  return { total: total ?? 0, byTier };
}

/** The strip above the customer list: totals and a clickable bar chart of customers by tier. */
export function TierStrip({
  filter,
  onSelectTier,
}: {
  filter: CustomerFilter;
  onSelectTier: (tier: Tier | undefined) => void;
}) {
  const { t } = useTranslation();
  const { tier: selected, ...rest } = filter;
  const key = JSON.stringify(rest);
  const counts = useApi((signal) => countByTier(rest, signal), [key]);
  const data = counts.data;
  const rated = data ? TIERS.reduce((sum, tier) => sum + data.byTier[tier], 0) : 0;
  const top = data ? data.byTier['4A'] + data.byTier['5A'] : 0;

  const option = useMemo(
    () => ({
      grid: { left: 40, right: 8, top: 20, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [...TIERS].reverse() },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('customers.chart.customers'),
          type: 'bar',
          barMaxWidth: 36,
          label: { show: true, position: 'top', fontSize: 11 },
          data: [...TIERS].reverse().map((tier) => ({
            value: data?.byTier[tier] ?? 0,
            itemStyle: {
              color: TIER_CHART_COLORS[tier],
              opacity: selected && selected !== tier ? 0.35 : 1,
            },
          })),
        },
      ],
    }),
    [data, selected, t],
  );

  const onEvents = useMemo(
    () => ({
      click: (params: { name?: string }) => {
        const tier = TIERS.find((x) => x === params.name);
        if (tier) onSelectTier(tier === selected ? undefined : tier);
      },
    }),
    [onSelectTier, selected],
  );

  return (
    <Card size="small" data-testid="customers-tier-strip">
      <ErrorAlert error={counts.error} />
      <Row gutter={24} align="middle">
        <Col xs={24} md={8}>
          <Row gutter={16}>
            <Col span={24}>
              <Statistic
                title={t('customers.chart.total')}
                value={data?.total ?? '—'}
                loading={counts.loading && !data}
              />
            </Col>
            <Col span={12}>
              <Statistic
                title={t('customers.chart.rated')}
                value={rated}
                suffix={data && data.total > 0 ? `(${Math.round((rated / data.total) * 100)}%)` : undefined}
                valueStyle={{ fontSize: 18 }}
              />
            </Col>
            <Col span={12}>
              <Statistic title={t('customers.chart.topTiers')} value={top} valueStyle={{ fontSize: 18 }} />
            </Col>
          </Row>
        </Col>
        <Col xs={24} md={16}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('customers.chart.byTier')} · {t('customers.chart.clickHint')}
          </Typography.Text>
          <ReactEChartsCore
            echarts={echarts}
            option={option}
            notMerge
            onEvents={onEvents}
            opts={{ renderer: 'svg' }}
            style={{ height: 150, width: '100%' }}
          />
        </Col>
      </Row>
    </Card>
  );
}
