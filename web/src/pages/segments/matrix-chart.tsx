import { ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type Matrix, type MatrixKind, QUADRANTS, type Quadrant } from '../../api/segments';

echarts.use([
  ScatterChart,
  GridComponent,
  TooltipComponent,
  MarkLineComponent,
  GraphicComponent,
  SVGRenderer,
]);

// echarts-for-react ships CommonJS with `exports.default`: vitest hands us the class, the
// production bundle the whole exports object. Accept both.
const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

/** One colour per quadrant, the same in every matrix; flagged quadrants are the warm ones. */
export const QUADRANT_COLORS: Record<Quadrant, string> = {
  highHigh: '#389e0d',
  highLow: '#cf1322',
  lowHigh: '#1677ff',
  lowLow: '#8c8c8c',
};

type AxisKey =
  | 'segments.axis.value'
  | 'segments.axis.satisfaction'
  | 'segments.axis.rsl'
  | 'segments.axis.walletShare';

/** Axis names of a matrix: [x, y] i18n keys. */
export function axisKeys(kind: MatrixKind): [AxisKey, AxisKey] {
  switch (kind) {
    case 'valueSatisfaction':
      return ['segments.axis.value', 'segments.axis.satisfaction'];
    case 'valueRsl':
      return ['segments.axis.value', 'segments.axis.rsl'];
    case 'walletSatisfaction':
      return ['segments.axis.walletShare', 'segments.axis.satisfaction'];
  }
}

/** Where each quadrant's label sits: x high → right, y high → top. */
const LABEL_POSITION: Record<Quadrant, { left?: string; right?: string; top?: string; bottom?: string }> = {
  highHigh: { right: '4%', top: '6%' },
  highLow: { right: '4%', bottom: '14%' },
  lowHigh: { left: '12%', top: '6%' },
  lowLow: { left: '12%', bottom: '14%' },
};

/**
 * A segmentation matrix as a scatter chart (SVG): one series per quadrant, the two thresholds as
 * mark lines, each quadrant labelled with its strategy. Clicking a point opens the customer.
 */
export function MatrixChart({ matrix, height = 320 }: { matrix: Matrix; height?: number }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const en = i18n.language.startsWith('en');
  const [xKey, yKey] = axisKeys(matrix.kind);

  const option = useMemo(() => {
    const strategies = new Map(matrix.quadrants.map((q) => [q.key, q]));
    const xMax = matrix.kind === 'walletSatisfaction' ? 1 : 100;
    return {
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: [number, number, string, string, string] }) =>
          `${p.data[2]}<br/>${t(xKey)}: ${p.data[0]}<br/>${t(yKey)}: ${p.data[1]}`,
      },
      xAxis: { type: 'value', name: t(xKey), nameLocation: 'middle', nameGap: 24, min: 0, max: xMax },
      yAxis: {
        type: 'value',
        name: t(yKey),
        min: 0,
        ...(matrix.kind === 'valueRsl' ? {} : { max: 100 }),
      },
      series: QUADRANTS.map((quadrant, index) => ({
        name: quadrant,
        type: 'scatter',
        symbolSize: 9,
        itemStyle: { color: QUADRANT_COLORS[quadrant], opacity: 0.8 },
        data: matrix.points
          .filter((p) => p.quadrant === quadrant)
          .map((p) => [p.x, p.y, `${p.name} (${p.code})`, p.customerId, p.tier ?? '']),
        ...(index === 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#595959' },
                label: { formatter: '{c}' },
                data: [{ xAxis: matrix.axis.x }, { yAxis: matrix.axis.y }],
              },
            }
          : {}),
      })),
      graphic: QUADRANTS.map((quadrant) => {
        const q = strategies.get(quadrant);
        const text = q ? `${en ? q.strategy.en : q.strategy.zh} (${q.count})` : '';
        return {
          type: 'text',
          ...LABEL_POSITION[quadrant],
          silent: true,
          style: {
            text,
            fill: QUADRANT_COLORS[quadrant],
            fontSize: 11,
            fontWeight: q?.flagged ? 'bold' : 'normal',
          },
        };
      }),
    };
  }, [matrix, t, xKey, yKey, en]);

  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      opts={{ renderer: 'svg' }}
      style={{ height, width: '100%' }}
      onEvents={{
        click: (params: { data?: unknown }) => {
          const data = params.data as unknown[] | undefined;
          if (Array.isArray(data) && typeof data[3] === 'string') navigate(`/customers/${data[3]}`);
        },
      }}
    />
  );
}
