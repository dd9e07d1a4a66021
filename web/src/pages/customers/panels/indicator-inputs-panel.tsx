import { SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  InputNumber,
  Radio,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/use-api';
import {
  findIndicators,
  getIndicatorInputs,
  type IndicatorInputItem,
  type IndicatorKey,
  putIndicatorInputs,
} from '../../../api/value';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { computeTodayDate, formatInstant } from '../../../format';
import { indicatorName } from '../../value/model-helpers';

/** Roles that may write inputs (the server also checks the customer's scope). */
const WRITERS = new Set(['admin', 'kam_manager', 'account_manager']);
/** Indicators entered in fen and shown in yuan. */
const MONEY: ReadonlySet<IndicatorKey> = new Set(['demandForecast']);

type Draft = Partial<Record<IndicatorKey, number | null>>;

function formatValue(item: Pick<IndicatorInputItem, 'indicator'>, value: number | null): string {
  if (value === null) return '';
  if (MONEY.has(item.indicator)) return (value / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  return String(value);
}

/**
 * The account manager's indicator inputs of one customer for a month (PRODUCT.md §2): the six
 * 1–5 judgements, the demand forecast and the services moved out, who entered each and when,
 * last period's value for reference, and the missing ones highlighted (assessments exclude them).
 */
export function IndicatorInputsPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const canWrite = session.status === 'authenticated' && WRITERS.has(session.user.role);
  const [month, setMonth] = useState(() => computeTodayDate(new Date()).slice(0, 7));
  const period = `${month}-01`;
  const indicators = useApi((signal) => findIndicators(signal), []);
  const inputs = useApi((signal) => getIndicatorInputs(customerId, period, signal), [customerId, period]);
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new period or customer starts clean
  useEffect(() => {
    setDraft({});
    setError(null);
  }, [customerId, period]);

  const items = inputs.data?.items ?? [];
  const shownValue = (item: IndicatorInputItem): number | null =>
    item.indicator in draft ? (draft[item.indicator] ?? null) : item.value;
  const missing = items.filter((item) => shownValue(item) === null);
  const dirty = Object.keys(draft).length > 0;

  const set = (key: IndicatorKey, value: number | null) => setDraft((d) => ({ ...d, [key]: value }));

  async function save() {
    setSaving(true);
    setError(null);
    try {
      await putIndicatorInputs(customerId, period, draft);
      message.success(t('value.inputs.saved'));
      setDraft({});
      inputs.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const nameOf = (key: IndicatorKey) => {
    const ind = indicators.data?.find((i) => i.key === key);
    return ind ? indicatorName(ind, i18n.language) : key;
  };

  const columns: TableColumnsType<IndicatorInputItem> = [
    {
      title: t('value.inputs.indicator'),
      key: 'indicator',
      render: (_, item) => (
        <Space size={4}>
          <span>{nameOf(item.indicator)}</span>
          {shownValue(item) === null && (
            <Tag color="warning" data-testid={`input-missing-${item.indicator}`}>
              {t('value.inputs.missing')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('value.inputs.value'),
      key: 'value',
      width: 330,
      render: (_, item) => {
        const value = shownValue(item);
        if (!canWrite) {
          return <span data-testid={`input-value-${item.indicator}`}>{formatValue(item, value)}</span>;
        }
        if (item.kind === 'scale5') {
          return (
            <Space size={4}>
              <Radio.Group
                size="small"
                optionType="button"
                value={value}
                onChange={(e) => set(item.indicator, e.target.value as number)}
                data-testid={`input-${item.indicator}`}
                options={[1, 2, 3, 4, 5].map((v) => ({
                  value: v,
                  label: String(v),
                  title: t(`value.inputs.scale.${v as 1 | 2 | 3 | 4 | 5}`),
                }))}
              />
              {value !== null && (
                <Button size="small" type="link" onClick={() => set(item.indicator, null)}>
                  {t('value.inputs.clear')}
                </Button>
              )}
            </Space>
          );
        }
        const money = MONEY.has(item.indicator);
        return (
          <InputNumber
            size="small"
            min={0}
            precision={money ? 2 : 0}
            style={{ width: 180 }}
            value={value === null ? null : money ? value / 100 : value}
            onChange={(v) =>
              set(
                item.indicator,
                typeof v === 'number' ? (money ? Math.round(v * 100) : Math.round(v)) : null,
              )
            }
            addonAfter={money ? t('value.inputs.yuan') : t('value.inputs.count')}
            data-testid={`input-${item.indicator}`}
          />
        );
      },
    },
    {
      title: t('value.inputs.previous'),
      key: 'previous',
      render: (_, item) =>
        item.previousValue === null ? (
          ''
        ) : (
          <Typography.Text type="secondary">
            {formatValue(item, item.previousValue)} ({item.previousPeriod?.slice(0, 7)})
          </Typography.Text>
        ),
    },
    {
      title: t('value.inputs.enteredBy'),
      key: 'enteredBy',
      render: (_, item) => item.enteredByName ?? item.enteredBy ?? '',
    },
    {
      title: t('value.inputs.enteredAt'),
      key: 'enteredAt',
      render: (_, item) => (item.enteredAt ? formatInstant(item.enteredAt) : ''),
    },
  ];

  return (
    <Card
      size="small"
      title={t('value.inputs.title')}
      data-testid="indicator-inputs-panel"
      extra={
        <Space>
          <Typography.Text>{t('value.inputs.period')}</Typography.Text>
          <Input
            type="month"
            size="small"
            style={{ width: 150 }}
            value={month}
            onChange={(e) => e.target.value && setMonth(e.target.value)}
            data-testid="inputs-period"
          />
          {canWrite ? (
            <Button
              type="primary"
              size="small"
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={saving}
              onClick={save}
              data-testid="inputs-save"
            >
              {t('value.inputs.save')}
            </Button>
          ) : (
            <Tag>{t('value.inputs.readOnly')}</Tag>
          )}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert error={inputs.error} />
        <ErrorAlert error={error} onClose={() => setError(null)} />
        {inputs.data &&
          (missing.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              message={t('value.inputs.missingCount', { count: missing.length })}
              data-testid="inputs-missing"
            />
          ) : (
            <Alert type="success" showIcon message={t('value.inputs.complete')} />
          ))}
        <Table<IndicatorInputItem>
          size="small"
          rowKey="indicator"
          pagination={false}
          loading={inputs.loading}
          columns={columns}
          dataSource={items}
          onRow={(item) => (shownValue(item) === null ? { style: { background: '#fffbe6' } } : {})}
        />
      </Space>
    </Card>
  );
}
