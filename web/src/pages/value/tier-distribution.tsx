import { Alert, Card, Empty, Space, Statistic, Table, Tag, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api';
import { previewTierCuts, type ValueModelDefinition } from '../../api/value';
import { ErrorAlert } from '../../components/error-alert';

echarts.use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

// echarts-for-react ships CommonJS with `exports.default` (see segments/matrix-chart.tsx)
const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

type Tiering = ValueModelDefinition['tiering'];

/** Waits `ms` unless the request is dropped first (typing in a cut point aborts the previous one). */
const settle = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/**
 * The book under the cut points being edited: the latest assessment totals of the customers in the
 * caller's scope as a histogram (score thresholds drawn on it), the customers per class under these
 * cut points beside today's, and how many would move up or down.
 */
export function TierDistribution({ tiering, valid }: { tiering: Tiering; valid: boolean }) {
  const { t } = useTranslation();
  const key = JSON.stringify([tiering.scheme, tiering.method, tiering.cuts]);
  const preview = useApi(
    async (signal) => {
      if (!valid) return null;
      await settle(300, signal);
      return previewTierCuts(tiering, signal);
    },
    [key, valid],
  );
  const p = preview.data;
  const threshold = tiering.method === 'threshold';

  const option = p && {
    grid: { left: 40, right: 16, top: 24, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: p.histogram.map((b) => `${b.from}`),
      name: t('value.distribution.score'),
      nameLocation: 'middle',
      nameGap: 20,
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('value.distribution.customers'),
        data: p.histogram.map((b) => b.count),
        itemStyle: { color: '#1677ff' },
        barCategoryGap: '10%',
        markLine: threshold
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#cf1322', type: 'dashed' },
              label: { formatter: '{b}' },
              // a cut point c sits inside the bin that starts at floor(c / 5) * 5
              data: tiering.cuts.map((c, i) => ({
                name: `${p.classes[i]?.cls ?? ''} ≥ ${c}`,
                xAxis: `${Math.min(95, Math.floor(c / 5) * 5)}`,
              })),
            }
          : undefined,
      },
    ],
  };

  return (
    <Card size="small" title={t('value.distribution.title')} data-testid="tier-distribution">
      {!valid && <Alert type="info" showIcon message={t('value.distribution.fixCuts')} />}
      <ErrorAlert error={preview.error} />
      {valid && p && p.assessed === 0 && (
        <Empty description={t('value.distribution.none', { unassessed: p.unassessed })} />
      )}
      {valid && p && p.assessed > 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('value.distribution.basis', {
              assessed: p.assessed,
              unassessed: p.unassessed,
              asOf: p.latestAsOf ?? '—',
            })}
          </Typography.Text>
          {option && (
            <ReactEChartsCore
              echarts={echarts}
              option={option}
              notMerge
              style={{ height: 220 }}
              opts={{ renderer: 'svg' }}
            />
          )}
          <Table
            size="small"
            pagination={false}
            rowKey="cls"
            dataSource={p.classes}
            data-testid="tier-distribution-classes"
            columns={[
              { title: '', dataIndex: 'cls', render: (cls: string) => <Tag>{cls}</Tag> },
              {
                title: t('value.distribution.underCuts'),
                dataIndex: 'count',
                align: 'right',
                render: (n: number) => `${n}(${((n / p.assessed) * 100).toFixed(1)}%)`,
              },
              { title: t('value.distribution.today'), dataIndex: 'current', align: 'right' },
            ]}
          />
          <Space size="large" wrap>
            <Statistic
              title={t('value.distribution.up')}
              value={p.moves.up}
              valueStyle={{ color: '#389e0d' }}
            />
            <Statistic
              title={t('value.distribution.down')}
              value={p.moves.down}
              valueStyle={{ color: '#cf1322' }}
            />
            <Statistic title={t('value.distribution.same')} value={p.moves.same} />
            <Statistic title={t('value.distribution.unrated')} value={p.moves.unrated} />
          </Space>
        </Space>
      )}
    </Card>
  );
}
