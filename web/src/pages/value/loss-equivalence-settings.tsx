import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  type FormInstance,
  Input,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  type Equivalents,
  getTierSettings,
  type MeasuredAverage,
  saveTierSettings,
  type TierSettings,
} from '../../api/tiers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { PageSpin } from '../../components/page-spin';
import { formatInstant } from '../../format';
import { formatYuan, parseYuan } from '../../money';
import { SegmentBillingCard } from './segment-billing-card';

/** The seed's worked example (seed 001) and the defaults derived from it, in fen. */
const SEED = {
  keyAccountFen: 5_070_000,
  commercialFen: 64_177,
  publicFen: 15_000,
  commercial: 79,
  public: 338,
};

const month = (day: string | null) => (day ? day.slice(0, 7) : '');

/**
 * Loss equivalence settings (PRODUCT.md §2): the formula with the seed's worked example, the
 * configured segment averages beside the ones measured from the segments' billing over the
 * trailing 12 months (and the average key account in the reader's scope), and, for an
 * administrator, adopting the measured figures or typing others in, with a reason (audited).
 */
export function LossEquivalenceSettings({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const settings = useApi((signal) => getTierSettings(signal), []);

  if (settings.error) return <ErrorAlert error={settings.error} />;
  if (!settings.data) return <PageSpin />;
  const s = settings.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="loss-settings">
      <Typography.Paragraph type="secondary">{t('value.loss.intro')}</Typography.Paragraph>
      <Formula />
      <Figures settings={s} />
      {isAdmin ? (
        <SettingsForm settings={s} onSaved={settings.reload} />
      ) : (
        <Typography.Text type="secondary">{t('value.loss.readOnly')}</Typography.Text>
      )}
      <SegmentBillingCard isAdmin={isAdmin} toMonth={s.measured.toMonth} onSaved={settings.reload} />
    </Space>
  );
}

function Formula() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('value.loss.formulaTitle')} data-testid="loss-formula">
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('value.loss.formula')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('value.loss.segmentFormula')}</Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Typography.Text italic>{t('value.loss.seed')}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="loss-seed-example">
        {t('value.loss.seedExample', {
          keyAccount: formatYuan(SEED.keyAccountFen),
          commercial: formatYuan(SEED.commercialFen),
          public: formatYuan(SEED.publicFen),
          commercialEq: SEED.commercial,
          publicEq: SEED.public,
        })}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('value.loss.seedNote', {
          commercial: formatYuan(SEED.commercialFen),
          public: formatYuan(SEED.publicFen),
        })}
      </Typography.Text>
    </Card>
  );
}

type FigureRow = {
  key: 'commercial' | 'public' | 'keyAccounts';
  configuredFen: number | null;
  measured: MeasuredAverage & { customers?: number };
};

/** "+1.2 %" of measured against configured; empty when either is missing. */
function difference(configured: number | null, measured: number | null): string {
  if (configured === null || measured === null || configured === 0) return '';
  const pct = ((measured - configured) / configured) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

function Figures({ settings }: { settings: TierSettings }) {
  const { t } = useTranslation();
  const { configured, measured, keyAccountEquivalents } = settings;
  const rows: FigureRow[] = [
    { key: 'commercial', configuredFen: configured.commercialAvgFen, measured: measured.commercial },
    { key: 'public', configuredFen: configured.publicAvgFen, measured: measured.public },
    { key: 'keyAccounts', configuredFen: null, measured: measured.keyAccounts },
  ];
  const equivalents = (e: Equivalents) =>
    e.commercialEquivalent === null || e.publicEquivalent === null
      ? t('value.loss.noBilling')
      : t('value.loss.equivalenceValue', { commercial: e.commercialEquivalent, public: e.publicEquivalent });

  return (
    <Card
      size="small"
      title={t('value.loss.figures')}
      extra={
        <Tag color={configured.source === 'measured' ? 'green' : 'blue'}>
          {t(`value.loss.source.${configured.source}`)}
        </Tag>
      }
    >
      <Table<FigureRow>
        size="small"
        pagination={false}
        rowKey="key"
        data-testid="loss-figures"
        dataSource={rows}
        columns={[
          { title: t('value.loss.segment'), key: 'segment', render: (_, r) => t(`value.loss.${r.key}`) },
          {
            title: t('value.loss.configured'),
            key: 'configured',
            align: 'right',
            render: (_, r) =>
              r.configuredFen === null ? (
                '—'
              ) : (
                <span data-testid={`loss-configured-${r.key}`}>{formatYuan(r.configuredFen)}</span>
              ),
          },
          {
            title: t('value.loss.measured', { from: month(measured.fromMonth), to: month(measured.toMonth) }),
            key: 'measured',
            align: 'right',
            render: (_, r) =>
              r.measured.avgFen === null ? (
                <Typography.Text type="secondary">{t('value.loss.noBilling')}</Typography.Text>
              ) : (
                <Space direction="vertical" size={0} style={{ alignItems: 'flex-end' }}>
                  <span data-testid={`loss-measured-${r.key}`}>{formatYuan(r.measured.avgFen)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.key === 'keyAccounts'
                      ? t('value.loss.keyAccountDetail', {
                          customers: r.measured.customers ?? 0,
                          months: r.measured.months,
                        })
                      : t('value.loss.measuredDetail', {
                          months: r.measured.months,
                          customerMonths: r.measured.customerMonths.toLocaleString('en-US'),
                        })}
                  </Typography.Text>
                </Space>
              ),
          },
          {
            title: t('value.loss.difference'),
            key: 'difference',
            align: 'right',
            render: (_, r) => difference(r.configuredFen, r.measured.avgFen),
          },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('value.loss.equivalenceConfigured')}>
          <span data-testid="loss-equivalent-configured">
            {equivalents(keyAccountEquivalents.configured)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('value.loss.equivalenceMeasured')}>
          <span data-testid="loss-equivalent-measured">{equivalents(keyAccountEquivalents.measured)}</span>
        </Descriptions.Item>
        {configured.updatedAt && (
          <Descriptions.Item label={t('value.loss.lastChange')}>
            {t('value.loss.lastChangeText', {
              by: configured.updatedBy ?? '',
              at: formatInstant(configured.updatedAt),
              reason: configured.reason ?? '',
            })}
            {configured.source === 'measured' &&
              ` · ${t('value.loss.adoptedPeriod', { from: month(configured.fromMonth), to: month(configured.toMonth) })}`}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

type FormValues = { commercial: string; public: string; reason: string };

function SettingsForm({ settings, onSaved }: { settings: TierSettings; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [mode, setMode] = useState<'manual' | 'measured'>('manual');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const { configured, measured } = settings;
  const canAdopt = measured.commercial.avgFen !== null && measured.public.avgFen !== null;

  function adopt() {
    setMode('measured');
    form.setFieldsValue({
      commercial: formatYuan(measured.commercial.avgFen ?? 0),
      public: formatYuan(measured.public.avgFen ?? 0),
    });
    form.setFields([
      { name: 'commercial', errors: [] },
      { name: 'public', errors: [] },
    ]);
  }

  async function save(values: FormValues) {
    setSaving(true);
    setError(null);
    try {
      const reason = values.reason.trim();
      await saveTierSettings(
        mode === 'measured'
          ? { source: 'measured', reason }
          : {
              source: 'manual',
              commercialAvgFen: parseYuan(values.commercial) ?? 0,
              publicAvgFen: parseYuan(values.public) ?? 0,
              reason,
            },
      );
      message.success(t('value.loss.saved'));
      form.setFieldValue('reason', '');
      setMode('manual');
      onSaved();
    } catch (caught) {
      applyFieldIssues(form, caught, ['reason']);
      placeAverageIssues(form, caught);
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const yuanRule = {
    validator: (_: unknown, value: string) =>
      mode === 'measured' || (parseYuan(value) ?? 0) > 0
        ? Promise.resolve()
        : Promise.reject(new Error(t('value.loss.badYuan'))),
  };

  return (
    <Card size="small" title={t('value.loss.edit')}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          commercial: formatYuan(configured.commercialAvgFen),
          public: formatYuan(configured.publicAvgFen),
          reason: '',
        }}
        style={{ maxWidth: 520 }}
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Button onClick={adopt} disabled={!canAdopt} data-testid="loss-adopt-measured">
            {t('value.loss.adoptMeasured')}
          </Button>
          {mode === 'measured' && (
            <Button onClick={() => setMode('manual')} data-testid="loss-type-own">
              {t('value.loss.typeOwn')}
            </Button>
          )}
          {!canAdopt && <Typography.Text type="secondary">{t('value.loss.measuredMissing')}</Typography.Text>}
          {mode === 'measured' && (
            <Tag color="green" data-testid="loss-mode-measured">
              {t('value.loss.adoptedPeriod', {
                from: month(measured.fromMonth),
                to: month(measured.toMonth),
              })}
            </Tag>
          )}
        </Space>
        <Form.Item name="commercial" label={t('value.loss.commercialAvg')} rules={[yuanRule]}>
          <Input disabled={mode === 'measured'} prefix="¥" data-testid="loss-commercial" />
        </Form.Item>
        <Form.Item name="public" label={t('value.loss.publicAvg')} rules={[yuanRule]}>
          <Input disabled={mode === 'measured'} prefix="¥" data-testid="loss-public" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('value.loss.reason')}
          rules={[{ required: true, whitespace: true, message: t('value.loss.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="loss-reason" />
        </Form.Item>
        <ErrorAlert error={error} onClose={() => setError(null)} />
        <Button
          type="primary"
          htmlType="submit"
          loading={saving}
          data-testid="loss-save"
          style={{ marginTop: 8 }}
        >
          {t('value.loss.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** The server names the averages `commercialAvgFen` / `publicAvgFen`; the form calls them by segment. */
function placeAverageIssues(form: FormInstance<FormValues>, caught: unknown): void {
  if (!(caught instanceof ApiError)) return;
  const names: Record<string, keyof FormValues> = { commercialAvgFen: 'commercial', publicAvgFen: 'public' };
  form.setFields(
    caught.fieldIssues.flatMap((issue) => {
      const name = names[issue.field];
      return name ? [{ name, errors: [issue.message] }] : [];
    }),
  );
}
