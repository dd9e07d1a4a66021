import { Card, Segmented, Space, Table, type TableColumnsType, Tag } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getSegmentSummary, QUADRANTS, type SegmentFilter, type SummaryGroup } from '../../api/segments';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { QUADRANT_COLORS } from './matrix-chart';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

const TIER_ORDER = ['5A', '4A', '3A', '2A', '1A', 'none'];

/** The analysis by industry or by region: quadrant mix per group as stacked bars, and a table. */
export function SummarySection({
  filter,
  labelOf,
}: {
  filter: SegmentFilter;
  labelOf: (by: 'industry' | 'region', key: string) => string;
}) {
  const { t } = useTranslation();
  const [by, setBy] = useState<'industry' | 'region'>('industry');
  const summary = useApi((signal) => getSegmentSummary(by, filter, signal), [by, filter]);
  const groups = summary.data?.groups ?? [];

  const option = useMemo(
    () => ({
      grid: { left: 40, right: 16, top: 36, bottom: 48 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: {
        type: 'category',
        data: groups.map((g) => labelOf(by, g.key)),
        axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...QUADRANTS.map((q) => ({
          name: t(`segments.quadrant.${q}`),
          type: 'bar',
          stack: 'quadrants',
          itemStyle: { color: QUADRANT_COLORS[q] },
          data: groups.map((g) => g.quadrants[q]),
        })),
        {
          name: t('segments.summary.missing'),
          type: 'bar',
          stack: 'quadrants',
          itemStyle: { color: '#d9d9d9' },
          data: groups.map((g) => g.quadrants.missing),
        },
      ],
    }),
    [groups, by, labelOf, t],
  );

  const columns: TableColumnsType<SummaryGroup> = [
    { title: t('segments.summary.group'), dataIndex: 'key', render: (key: string) => labelOf(by, key) },
    { title: t('segments.summary.customers'), dataIndex: 'customers', align: 'right' },
    {
      title: t('segments.summary.avgTotal'),
      dataIndex: 'avgTotal',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
    },
    {
      title: t('segments.summary.avgSatisfaction'),
      dataIndex: 'avgSatisfaction',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
    },
    {
      title: t('segments.summary.revenue'),
      dataIndex: 'revenue12mFen',
      align: 'right',
      sorter: (a, b) => a.revenue12mFen - b.revenue12mFen,
      render: (fen: number) => (fen / 1_000_000).toFixed(1),
    },
    {
      title: t('segments.summary.tiers'),
      key: 'tiers',
      render: (_, g) => (
        <Space size={2} wrap>
          {TIER_ORDER.filter((tier) => g.tiers[tier]).map((tier) => (
            <Tag key={tier}>
              {tier === 'none' ? t('segments.summary.noTier') : tier} {g.tiers[tier]}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('segments.summary.quadrants'),
      key: 'quadrants',
      render: (_, g) => (
        <Space size={2} wrap>
          {QUADRANTS.map((q) => (
            <Tag key={q} color={QUADRANT_COLORS[q]}>
              {g.quadrants[q]}
            </Tag>
          ))}
          {g.quadrants.missing > 0 && <Tag>{`${t('segments.summary.missing')} ${g.quadrants.missing}`}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('segments.summary.title')}
      extra={
        <Segmented
          value={by}
          onChange={(v) => setBy(v as 'industry' | 'region')}
          options={[
            { value: 'industry', label: t('segments.summary.byIndustry') },
            { value: 'region', label: t('segments.summary.byRegion') },
          ]}
          data-testid="summary-by"
        />
      }
    >
      <ErrorAlert error={summary.error} />
      {groups.length > 0 && (
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          opts={{ renderer: 'svg' }}
          style={{ height: 260, width: '100%' }}
        />
      )}
      <Table<SummaryGroup>
        rowKey="key"
        size="small"
        loading={summary.loading}
        columns={columns}
        dataSource={groups}
        pagination={false}
        data-testid="summary-table"
      />
    </Card>
  );
}
