import {
  Card,
  InputNumber,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type Indicator,
  type IndicatorKey,
  type NormalisationMethod,
  RESULT_KEYS,
  type ResultKey,
  type ValueModelDefinition,
} from '../../api/value';
import { formatWeight, indicatorName, sumsToOne, weightSum } from './model-helpers';

type Props = {
  definition: ValueModelDefinition;
  indicators: readonly Indicator[];
  editable: boolean;
  onChange: (next: ValueModelDefinition) => void;
};

const GROUP_COLOR: Record<Indicator['group'], string> = {
  contribution: 'gold',
  characteristics: 'geekblue',
  relationship: 'green',
};

/** A sum that must be 1, green when it is, red otherwise. */
export function SumTag({ sum, testId }: { sum: number; testId: string }) {
  const { t } = useTranslation();
  const ok = sumsToOne(sum);
  return (
    <Tag color={ok ? 'success' : 'error'} data-testid={testId}>
      {ok ? t('value.sumOk', { sum: formatWeight(sum) }) : t('value.sumBad', { sum: formatWeight(sum) })}
    </Tag>
  );
}

/**
 * The indicator table of a model (PRODUCT.md §2): group, direction, source, normalisation method
 * (with min–max caps) and the weight of each indicator in each result, plus the weights of the
 * results in the total. Editable on drafts by an administrator.
 */
export function WeightsEditor({ definition, indicators, editable, onChange }: Props) {
  const { t, i18n } = useTranslation();

  function setWeight(result: ResultKey, key: IndicatorKey, value: number | null) {
    const next = structuredClone(definition);
    const weights = { ...next.weights[result] };
    if (value === null || value === 0) delete weights[key];
    else weights[key] = value;
    next.weights[result] = weights;
    if (result === 'currentValue') {
      const { directValue, addedValue } = next.currentValueParts;
      const listed = directValue.includes(key) || addedValue.includes(key);
      if (!listed && value) {
        const part = indicators.find((i) => i.key === key)?.currentPart ?? 'addedValue';
        next.currentValueParts[part] = [...next.currentValueParts[part], key];
      }
    }
    onChange(next);
  }

  function setSetting(key: IndicatorKey, patch: Partial<ValueModelDefinition['indicators'][IndicatorKey]>) {
    const next = structuredClone(definition);
    const merged = { ...next.indicators[key], ...patch };
    if (merged.method !== 'minmax') {
      delete merged.capLow;
      delete merged.capHigh;
    } else {
      merged.capLow ??= 0.05;
      merged.capHigh ??= 0.95;
    }
    next.indicators[key] = merged;
    onChange(next);
  }

  function setTotal(result: ResultKey, value: number | null) {
    const next = structuredClone(definition);
    next.totalWeights[result] = value ?? 0;
    onChange(next);
  }

  const partOf = (key: IndicatorKey): 'directValue' | 'addedValue' | null =>
    definition.currentValueParts.directValue.includes(key)
      ? 'directValue'
      : definition.currentValueParts.addedValue.includes(key)
        ? 'addedValue'
        : null;

  const columns: TableColumnsType<Indicator> = [
    {
      title: t('value.col.group'),
      dataIndex: 'group',
      width: 96,
      render: (group: Indicator['group']) => (
        <Tag color={GROUP_COLOR[group]}>{t(`value.group.${group}`)}</Tag>
      ),
    },
    {
      title: t('value.col.indicator'),
      key: 'name',
      render: (_, ind) => (
        <Tooltip title={i18n.language.startsWith('zh') ? ind.en : ind.zh}>
          <span>{indicatorName(ind, i18n.language)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('value.col.direction'),
      dataIndex: 'direction',
      width: 70,
      render: (d: 1 | -1) => (
        <Tooltip title={t(d === 1 ? 'value.direction.up' : 'value.direction.down')}>
          <Tag color={d === 1 ? 'blue' : 'volcano'}>{d === 1 ? '+' : '−'}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('value.col.source'),
      dataIndex: 'source',
      width: 96,
      render: (s: Indicator['source']) => t(`value.source.${s}`),
    },
    {
      title: t('value.col.method'),
      key: 'method',
      width: 260,
      render: (_, ind) => {
        const setting = definition.indicators[ind.key];
        if (!setting) return null;
        if (ind.kind === 'scale5' || !editable) {
          return (
            <Space size={4}>
              <span>{t(`value.method.${setting.method}`)}</span>
              {setting.method === 'minmax' && (
                <Typography.Text type="secondary">
                  p{Math.round((setting.capLow ?? 0) * 100)}–p{Math.round((setting.capHigh ?? 1) * 100)}
                </Typography.Text>
              )}
            </Space>
          );
        }
        return (
          <Space size={4}>
            <Select<NormalisationMethod>
              size="small"
              style={{ width: 150 }}
              value={setting.method}
              onChange={(method) => setSetting(ind.key, { method })}
              options={(['percentile', 'minmax'] as const).map((m) => ({
                value: m,
                label: t(`value.method.${m}`),
              }))}
              data-testid={`method-${ind.key}`}
            />
            {setting.method === 'minmax' && (
              <>
                <InputNumber
                  size="small"
                  min={0}
                  max={99}
                  style={{ width: 52 }}
                  value={Math.round((setting.capLow ?? 0) * 100)}
                  onChange={(v) => setSetting(ind.key, { capLow: (v ?? 0) / 100 })}
                  aria-label={`${ind.key} capLow`}
                />
                <InputNumber
                  size="small"
                  min={1}
                  max={100}
                  style={{ width: 52 }}
                  value={Math.round((setting.capHigh ?? 1) * 100)}
                  onChange={(v) => setSetting(ind.key, { capHigh: (v ?? 100) / 100 })}
                  aria-label={`${ind.key} capHigh`}
                />
              </>
            )}
          </Space>
        );
      },
    },
    ...RESULT_KEYS.map((result) => ({
      title: t(`value.result.${result}`),
      key: result,
      width: 110,
      render: (_: unknown, ind: Indicator) => {
        const w = definition.weights[result]?.[ind.key] ?? 0;
        const part = result === 'currentValue' ? partOf(ind.key) : null;
        if (!editable) {
          return w > 0 ? (
            <Space size={2} direction="vertical">
              <span data-testid={`weight-${result}-${ind.key}`}>{formatWeight(w)}</span>
              {part && <Typography.Text type="secondary">{t(`value.result.${part}`)}</Typography.Text>}
            </Space>
          ) : (
            <Typography.Text type="secondary">–</Typography.Text>
          );
        }
        return (
          <InputNumber
            size="small"
            min={0}
            max={1}
            step={0.05}
            style={{ width: 90 }}
            value={w > 0 ? w : null}
            onChange={(v) => setWeight(result, ind.key, typeof v === 'number' ? v : null)}
            data-testid={`weight-${result}-${ind.key}`}
          />
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('value.indicatorWeights')}>
        <Table<Indicator>
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 1000 }}
          columns={columns}
          dataSource={[...indicators]}
          data-testid="indicator-table"
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                <Typography.Text strong>{t('value.sum')}</Typography.Text>
              </Table.Summary.Cell>
              {RESULT_KEYS.map((result, i) => (
                <Table.Summary.Cell index={5 + i} key={result}>
                  <SumTag sum={weightSum(definition.weights[result] ?? {})} testId={`sum-${result}`} />
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card size="small" title={t('value.totalWeights')}>
        <Space wrap size="large">
          {RESULT_KEYS.map((result) => (
            <Space key={result} size={4}>
              <Typography.Text>{t(`value.result.${result}`)}</Typography.Text>
              {editable ? (
                <InputNumber
                  size="small"
                  min={0}
                  max={1}
                  step={0.05}
                  style={{ width: 90 }}
                  value={definition.totalWeights[result]}
                  onChange={(v) => setTotal(result, typeof v === 'number' ? v : null)}
                  data-testid={`total-${result}`}
                />
              ) : (
                <Typography.Text strong data-testid={`total-${result}`}>
                  {formatWeight(definition.totalWeights[result] ?? 0)}
                </Typography.Text>
              )}
            </Space>
          ))}
          <SumTag sum={weightSum(definition.totalWeights)} testId="sum-total" />
        </Space>
      </Card>
    </Space>
  );
}
