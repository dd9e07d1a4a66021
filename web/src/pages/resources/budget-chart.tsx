import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Budget } from '../../api/resources';
import { echarts, ReactEChartsCore } from '../customers/customer-echarts';
import { LEVEL_ORDER } from './resource-labels';

/**
 * Budget and used amount per level (yuan, summed over the resources and periods shown): money is
 * the one measure that adds up across gifts, vouchers and equipment.
 */
export function BudgetChart({ budgets }: { budgets: Budget[] }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const levels = LEVEL_ORDER.filter((l) => budgets.some((b) => b.level === l));
    const sum = (level: string, pick: (b: Budget) => number) =>
      budgets.filter((b) => b.level === level).reduce((s, b) => s + pick(b), 0) / 100;
    return {
      grid: { left: 64, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: levels },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('resources.budget.chartBudget'),
          type: 'bar',
          data: levels.map((l) => sum(l, (b) => b.budgetAmountFen)),
          itemStyle: { color: '#91caff' },
        },
        {
          name: t('resources.budget.chartUsed'),
          type: 'bar',
          data: levels.map((l) => sum(l, (b) => b.usedAmountFen)),
          itemStyle: { color: '#1677ff' },
        },
      ],
    };
  }, [budgets, t]);

  return (
    <div data-testid="budget-chart">
      <Typography.Text strong>{t('resources.budget.chartTitle')}</Typography.Text>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260 }} notMerge />
    </div>
  );
}
