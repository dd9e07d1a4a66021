import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CustomerFilter,
  countCustomers,
  GROUP_CLASSES,
  type GroupClass,
  TIERS,
  type Tier,
} from '../../api/customers';
import { useApi } from '../../api/use-api';
import type { TierScheme } from '../../api/value';
import { ErrorAlert } from '../../components/error-alert';
import { useActiveScheme } from '../tiers/active-scheme';
import { echarts, ReactEChartsCore } from './customer-echarts';
import { GROUP_CLASS_CHART_COLORS, TIER_CHART_COLORS } from './customer-format';

/** Customers per class of the scheme in force (1A–5A, or A/B/C), and in all. */
export type ClassCounts = { total: number; byClass: Record<string, number> };

/** The classes of a scheme, highest first: 5A … 1A, or A, B, C. */
export const classesOf = (scheme: TierScheme): readonly (Tier | GroupClass)[] =>
  scheme === 'mobile' ? GROUP_CLASSES : [...TIERS].reverse();

/** The classes on the chart's axis, lowest first. */
const axisOf = (scheme: TierScheme) => [...classesOf(scheme)].reverse();

/**
 * Customers per class of `scheme` for the list's filter (without its tier and class), from
 * `X-Total-Count` of one `limit=1` request for all and one per class: a few small requests
 * instead of an aggregate endpoint.
 */
export async function countByClass(
  filter: CustomerFilter,
  scheme: TierScheme,
  signal?: AbortSignal,
): Promise<ClassCounts> {
  const { tier: _tier, groupClass: _groupClass, ...rest } = filter;
  const classes = classesOf(scheme);
  const [total, ...counts] = await Promise.all([
    countCustomers(rest, signal),
    ...classes.map((c) =>
      countCustomers(
        scheme === 'mobile' ? { ...rest, groupClass: c as GroupClass } : { ...rest, tier: c as Tier },
        signal,
      ),
    ),
  ]);
  const byClass = Object.fromEntries(classes.map((c, i) => [c, counts[i] ?? 0]));
  return { total: total ?? 0, byClass };
}

/**
 * The strip above the customer list: totals and a clickable bar chart of customers by the classes
 * of the scheme in force (the active value model's): 1A–5A, or the group classes A/B/C.
 */
export function TierStrip({
  filter,
  onSelectTier,
  onSelectClass,
}: {
  filter: CustomerFilter;
  onSelectTier: (tier: Tier | undefined) => void;
  onSelectClass: (groupClass: GroupClass | undefined) => void;
}) {
  const { t } = useTranslation();
  const active = useActiveScheme();
  const mobile = active.scheme === 'mobile';
  const { tier, groupClass, ...rest } = filter;
  const selected: string | undefined = mobile ? groupClass : tier;
  const key = JSON.stringify(rest);
  // wait for the scheme, so the counts are asked once, for the right classes
  const counts = useApi(
    (signal) => (active.loading ? Promise.resolve(null) : countByClass(rest, active.scheme, signal)),
    [key, active.scheme, active.loading],
  );
  const data = counts.data ?? null;
  const classes = classesOf(active.scheme);
  const rated = data ? classes.reduce((sum, c) => sum + (data.byClass[c] ?? 0), 0) : 0;
  const top = data
    ? mobile
      ? (data.byClass.A ?? 0)
      : (data.byClass['4A'] ?? 0) + (data.byClass['5A'] ?? 0)
    : 0;

  const option = useMemo(() => {
    const axis = axisOf(mobile ? 'mobile' : 'telecom'); // lowest class on the left, as a ladder
    return {
      grid: { left: 40, right: 8, top: 20, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: axis.map((c) => (mobile ? t('customers.groupClassLabel', { groupClass: c }) : c)),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('customers.chart.customers'),
          type: 'bar',
          barMaxWidth: 36,
          label: { show: true, position: 'top', fontSize: 11 },
          data: axis.map((c) => ({
            value: data?.byClass[c] ?? 0,
            itemStyle: {
              color: mobile ? GROUP_CLASS_CHART_COLORS[c as GroupClass] : TIER_CHART_COLORS[c as Tier],
              opacity: selected && selected !== c ? 0.35 : 1,
            },
          })),
        },
      ],
    };
  }, [data, selected, mobile, t]);

  const onEvents = useMemo(
    () => ({
      click: (params: { dataIndex?: number }) => {
        const axis = axisOf(mobile ? 'mobile' : 'telecom');
        const c = params.dataIndex === undefined ? undefined : axis[params.dataIndex];
        if (!c) return;
        const next = c === selected ? undefined : c;
        if (mobile) onSelectClass(next as GroupClass | undefined);
        else onSelectTier(next as Tier | undefined);
      },
    }),
    [onSelectTier, onSelectClass, selected, mobile],
  );

  return (
    <Card size="small" data-testid="customers-tier-strip" data-scheme={active.scheme}>
      <ErrorAlert error={counts.error} />
      <Row gutter={24} align="middle">
        <Col xs={24} md={8}>
          <Row gutter={16}>
            <Col span={24}>
              <Statistic
                title={t('customers.chart.total')}
                value={data?.total ?? '—'}
                loading={!data && (counts.loading || active.loading)}
              />
            </Col>
            <Col span={12}>
              <Statistic
                title={t(mobile ? 'customers.chart.classified' : 'customers.chart.rated')}
                value={rated}
                suffix={data && data.total > 0 ? `(${Math.round((rated / data.total) * 100)}%)` : undefined}
                valueStyle={{ fontSize: 18 }}
                data-testid="customers-strip-rated"
              />
            </Col>
            <Col span={12}>
              <Statistic
                title={t(mobile ? 'customers.chart.topClass' : 'customers.chart.topTiers')}
                value={top}
                valueStyle={{ fontSize: 18 }}
                data-testid="customers-strip-top"
              />
            </Col>
          </Row>
        </Col>
        <Col xs={24} md={16}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {mobile
              ? `${t('customers.chart.byClass')} · ${t('customers.chart.classClickHint')}`
              : `${t('customers.chart.byTier')} · ${t('customers.chart.clickHint')}`}
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
