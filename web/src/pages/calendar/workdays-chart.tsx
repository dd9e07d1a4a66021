import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthSummary } from './calendar-grid';

// Only the pieces this chart uses, so the echarts chunk stays small.
echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

// echarts-for-react ships CommonJS with `exports.default`: vitest hands us the class, the
// production bundle the whole exports object. Accept both.
const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

/** Working days per month as a small bar chart (SVG, which also renders under jsdom). */
export function WorkdaysChart({ summaries }: { summaries: readonly MonthSummary[] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 32, right: 8, top: 16, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: summaries.map((s) => t('calendar.monthTitle', { month: s.month })),
        axisLabel: { fontSize: 11 },
      },
      yAxis: { type: 'value', min: 0, minInterval: 1 },
      series: [
        {
          name: t('calendar.chartSeries'),
          type: 'bar',
          data: summaries.map((s) => s.workdays),
          itemStyle: { color: '#1668dc' },
          label: { show: true, position: 'top', fontSize: 10 },
          barMaxWidth: 22,
        },
      ],
    }),
    [summaries, t],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      opts={{ renderer: 'svg' }}
      style={{ height: 200, width: '100%' }}
    />
  );
}
