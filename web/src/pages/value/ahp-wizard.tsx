import { Alert, Button, Card, Col, Descriptions, Row, Select, Space, Table, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AhpBasis,
  computeAhpOnServer,
  type Indicator,
  type IndicatorKey,
  RESULT_KEYS,
  type ResultKey,
  type ValueModelDefinition,
} from '../../api/value';
import { ErrorAlert } from '../../components/error-alert';
import {
  formatSaaty,
  identityMatrix,
  liveAhp,
  matrixFor,
  roundWeights,
  SAATY_VALUES,
  setPair,
} from './ahp-math';
import { indicatorName, indicatorsOfResult } from './model-helpers';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

// echarts-for-react ships CommonJS with `exports.default`: vitest hands us the class, the
// production bundle the whole exports object. Accept both.
const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

/** Which weights the wizard sets: the results in the total, or the indicators of one result. */
export type CriteriaSet = 'total' | ResultKey;

/** Applied weights with their basis: the matrix (in `criteria` order) and its CR, kept in the draft. */
export type AhpApply =
  | { set: 'total'; weights: Record<ResultKey, number>; basis: AhpBasis }
  | { set: ResultKey; weights: Partial<Record<IndicatorKey, number>>; basis: AhpBasis };

type Props = {
  definition: ValueModelDefinition;
  indicators: readonly Indicator[];
  /** False for read-only users and non-draft versions; the wizard still computes. */
  canApply: boolean;
  /** Why applying is not possible (shown under the button). */
  applyHint?: string | undefined;
  onApply: (apply: AhpApply) => void;
};

const SAATY_OPTIONS = SAATY_VALUES.map((v) => ({ value: v, label: formatSaaty(v) }));

/**
 * The AHP wizard (PRODUCT.md §2): pairwise comparisons on Saaty's scale in a matrix whose lower
 * triangle mirrors the upper one as reciprocals, live weights (bar chart) and consistency ratio;
 * CR ≥ 0.10 blocks "apply" with the reason. Applying re-checks on the server (POST /ahp) and
 * hands the matrix and CR to the draft with the weights (`definition.ahp`). A group opens from the
 * version's stored matrix; where the viewer cannot apply (an active or retired version, a
 * read-only role), a stored matrix is shown read-only as the basis of those weights.
 */
export function AhpWizard({ definition, indicators, canApply, applyHint, onApply }: Props) {
  const { t, i18n } = useTranslation();
  const [set, setSet] = useState<CriteriaSet>('total');
  const keys = useMemo<string[]>(
    () => (set === 'total' ? [...RESULT_KEYS] : indicatorsOfResult(definition, indicators, set)),
    [set, definition, indicators],
  );
  const labels = useMemo<string[]>(
    () =>
      keys.map((k): string => {
        if (set === 'total') return t(`value.result.${k as ResultKey}`);
        const ind = indicators.find((i) => i.key === k);
        return ind ? indicatorName(ind, i18n.language) : k;
      }),
    [keys, set, indicators, t, i18n.language],
  );
  const stored: AhpBasis | undefined = definition.ahp?.[set];
  const storedMatrix = useMemo(() => matrixFor(stored, keys), [stored, keys]);
  /** The version's stored basis, shown as it is to whoever cannot apply. */
  const locked = !canApply && storedMatrix !== null;
  const [matrix, setMatrix] = useState<number[][]>(() => storedMatrix ?? identityMatrix(keys.length));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // a criteria set opens from its stored matrix, else from "all equally important"
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the criteria or the stored matrix change
  useEffect(() => {
    setMatrix(storedMatrix ?? identityMatrix(keys.length));
    setError(null);
  }, [keys.join(','), JSON.stringify(storedMatrix)]);
  const groupName = set === 'total' ? t('value.ahp.groupTotal') : t(`value.result.${set}`);

  const live = useMemo(() => liveAhp(matrix), [matrix]);
  const crText = live.cr.toFixed(3);

  const chartOption = useMemo(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', max: 1 },
      yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: { fontSize: 11 } },
      series: [
        {
          name: t('value.ahp.weights'),
          type: 'bar',
          data: [...live.weights].reverse().map((w) => Math.round(w * 1000) / 1000),
          itemStyle: { color: live.consistent ? '#1668dc' : '#cf1322' },
          label: { show: true, position: 'right', fontSize: 10 },
          barMaxWidth: 18,
        },
      ],
    }),
    [labels, live, t],
  );

  async function apply() {
    setBusy(true);
    setError(null);
    try {
      const result = await computeAhpOnServer(matrix, labels);
      const rounded = roundWeights(result.weights);
      const basis: AhpBasis = { criteria: [...keys], matrix: matrix.map((row) => [...row]), cr: result.cr };
      if (set === 'total') {
        const weights = Object.fromEntries(keys.map((k, i) => [k, rounded[i] ?? 0])) as Record<
          ResultKey,
          number
        >;
        onApply({ set, weights, basis });
      } else {
        const weights = Object.fromEntries(keys.map((k, i) => [k, rounded[i] ?? 0])) as Partial<
          Record<IndicatorKey, number>
        >;
        onApply({ set, weights, basis });
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const columns = [
    {
      title: '',
      dataIndex: 'label',
      key: 'label',
      render: (label: string) => <Typography.Text strong>{label}</Typography.Text>,
    },
    ...keys.map((k, j) => ({
      title: labels[j],
      key: k,
      render: (_: unknown, row: { i: number }) => {
        const i = row.i;
        const value = matrix[i]?.[j] ?? 1;
        if (i === j) return <Typography.Text type="secondary">1</Typography.Text>;
        if (i > j || locked) {
          return (
            <Typography.Text type="secondary" data-testid={`ahp-cell-${i}-${j}`}>
              {formatSaaty(value)}
            </Typography.Text>
          );
        }
        return (
          <Select
            id={`ahp-select-${set}-${i}-${j}`}
            size="small"
            style={{ width: 72 }}
            value={SAATY_VALUES.find((v) => Math.abs(v - value) < 1e-9) ?? 1}
            options={SAATY_OPTIONS}
            virtual={false}
            popupMatchSelectWidth={false}
            onChange={(v: number) => setMatrix((m) => setPair(m, i, j, v))}
            data-testid={`ahp-cell-${i}-${j}`}
            aria-label={`${labels[i]} / ${labels[j]}`}
          />
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="ahp-wizard">
      <Typography.Paragraph type="secondary">{t('value.ahp.intro')}</Typography.Paragraph>
      <Space wrap>
        <Typography.Text>{t('value.ahp.criteria')}</Typography.Text>
        <Select<CriteriaSet>
          id="ahp-criteria-select"
          style={{ width: 240 }}
          value={set}
          onChange={setSet}
          data-testid="ahp-criteria"
          options={[
            { value: 'total', label: t('value.ahp.criteriaTotal') },
            ...RESULT_KEYS.map((r) => ({
              value: r,
              label: t('value.ahp.criteriaResult', { result: t(`value.result.${r}`) }),
            })),
          ]}
        />
        {!locked && (
          <Button onClick={() => setMatrix(identityMatrix(keys.length))} data-testid="ahp-reset">
            {t('value.ahp.reset')}
          </Button>
        )}
      </Space>
      {locked && stored && (
        <Alert
          type="info"
          showIcon
          data-testid="ahp-basis"
          message={t('value.ahp.basisReadOnly', { group: groupName, cr: stored.cr.toFixed(3) })}
        />
      )}
      {canApply && storedMatrix && stored && (
        <Alert
          type="info"
          showIcon
          data-testid="ahp-basis"
          message={t('value.ahp.basisReopened', { cr: stored.cr.toFixed(3) })}
        />
      )}
      {!canApply && !stored && keys.length >= 2 && (
        <Alert
          type="info"
          showIcon
          data-testid="ahp-no-basis"
          message={t('value.ahp.noBasis', { group: groupName })}
        />
      )}
      {stored && !storedMatrix && (
        <Alert type="warning" showIcon data-testid="ahp-basis-other" message={t('value.ahp.basisOther')} />
      )}
      <Typography.Text type="secondary">{t('value.ahp.scaleHint')}</Typography.Text>
      {keys.length < 2 ? (
        <Alert type="info" message={t('value.ahp.tooFew')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('value.ahp.matrix')}>
              <Table
                size="small"
                pagination={false}
                rowKey="i"
                scroll={{ x: true }}
                columns={columns}
                dataSource={labels.map((label, i) => ({ i, label }))}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('value.ahp.weights')}>
              <ReactEChartsCore
                echarts={echarts}
                option={chartOption}
                notMerge
                opts={{ renderer: 'svg' }}
                style={{ height: Math.max(160, keys.length * 32), width: '100%' }}
              />
              <Descriptions size="small" column={1} bordered data-testid="ahp-stats">
                {labels.map((label, i) => (
                  <Descriptions.Item key={keys[i]} label={label}>
                    <span data-testid={`ahp-weight-${keys[i]}`}>{(live.weights[i] ?? 0).toFixed(4)}</span>
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label={t('value.ahp.lambdaMax')}>
                  {live.lambdaMax.toFixed(4)}
                </Descriptions.Item>
                <Descriptions.Item label={t('value.ahp.ci')}>{live.ci.toFixed(4)}</Descriptions.Item>
                <Descriptions.Item label={t('value.ahp.cr')}>
                  <Typography.Text type={live.consistent ? 'success' : 'danger'} strong data-testid="ahp-cr">
                    {crText}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
        </Row>
      )}
      {keys.length >= 2 &&
        (live.consistent ? (
          <Alert
            type="success"
            showIcon
            message={t('value.ahp.consistent', { cr: crText })}
            data-testid="ahp-status"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            message={t('value.ahp.inconsistent', { cr: crText })}
            data-testid="ahp-status"
          />
        ))}
      <ErrorAlert error={error} onClose={() => setError(null)} />
      {!locked && (
        <Space direction="vertical">
          <Button
            type="primary"
            disabled={!canApply || !live.consistent || keys.length < 2}
            loading={busy}
            onClick={apply}
            data-testid="ahp-apply"
          >
            {t('value.ahp.apply')}
          </Button>
          {!canApply && applyHint && <Typography.Text type="secondary">{applyHint}</Typography.Text>}
        </Space>
      )}
    </Space>
  );
}
