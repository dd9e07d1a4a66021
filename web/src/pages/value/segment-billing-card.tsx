import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Table,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  findSegmentBilling,
  type Segment,
  type SegmentBillingMonth,
  saveSegmentBilling,
} from '../../api/tiers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { formatYuan, parseYuan } from '../../money';

const SEGMENTS: readonly Segment[] = ['commercial', 'public'];

/** The first days of the `count` months ending with `toMonth`, newest first. */
export function monthsEndingWith(toMonth: string, count: number): string[] {
  const [y, m] = toMonth.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, k) => {
    const index = y * 12 + (m - 1) - k;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  });
}

type MonthRow = { month: string } & Partial<Record<Segment, { revenueFen: number; billedCustomers: number }>>;

type FormValues = {
  month: string;
  commercialRevenue?: string;
  commercialCustomers?: number | null;
  publicRevenue?: string;
  publicCustomers?: number | null;
  reason: string;
};

/**
 * The mass-market segments' monthly billing totals the measured averages come from (revenue billed
 * to the whole segment and customers billed), newest first; an administrator enters or corrects a
 * month for one or both segments, with a reason (each row audited).
 */
export function SegmentBillingCard({
  isAdmin,
  toMonth,
  onSaved,
}: {
  isAdmin: boolean;
  toMonth: string;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const billing = useApi((signal) => findSegmentBilling({}, signal), [tick]);
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const byMonth = useMemo(() => {
    const map = new Map<string, MonthRow>();
    for (const r of billing.data ?? []) {
      const row = map.get(r.month) ?? { month: r.month };
      row[r.segment] = { revenueFen: r.revenueFen, billedCustomers: r.billedCustomers };
      map.set(r.month, row);
    }
    return [...map.values()];
  }, [billing.data]);

  const months = useMemo(() => monthsEndingWith(toMonth, 24), [toMonth]);

  /** Shows what is stored for the chosen month, so a correction starts from it. */
  function prefill(month: string) {
    const stored = byMonth.find((r) => r.month === month);
    form.setFieldsValue({
      commercialRevenue: stored?.commercial ? formatYuan(stored.commercial.revenueFen) : '',
      commercialCustomers: stored?.commercial?.billedCustomers ?? null,
      publicRevenue: stored?.public ? formatYuan(stored.public.revenueFen) : '',
      publicCustomers: stored?.public?.billedCustomers ?? null,
    });
  }

  // once the stored months arrive, the chosen month shows what is stored (unless already typed in)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the stored months change
  useEffect(() => {
    const fields: (keyof FormValues)[] = [
      'commercialRevenue',
      'commercialCustomers',
      'publicRevenue',
      'publicCustomers',
    ];
    if (isAdmin && !form.isFieldsTouched(fields)) prefill(form.getFieldValue('month'));
  }, [byMonth]);

  async function save(values: FormValues) {
    const rows: SegmentBillingMonth[] = [];
    const problems: { name: keyof FormValues; errors: string[] }[] = [];
    for (const segment of SEGMENTS) {
      const revenueText = values[`${segment}Revenue`];
      const customers = values[`${segment}Customers`];
      const given = (revenueText ?? '').trim() !== '' || (customers ?? null) !== null;
      if (!given) continue;
      const revenueFen = parseYuan(revenueText);
      if (revenueFen === null)
        problems.push({ name: `${segment}Revenue`, errors: [t('value.loss.badYuan')] });
      if (!customers || customers < 1) {
        problems.push({ name: `${segment}Customers`, errors: [t('value.loss.customersRequired')] });
      }
      if (revenueFen !== null && customers && customers >= 1) {
        rows.push({ segment, month: values.month, revenueFen, billedCustomers: customers });
      }
    }
    if (problems.length === 0 && rows.length === 0) {
      problems.push({ name: 'commercialRevenue', errors: [t('value.loss.segmentRequired')] });
    }
    if (problems.length > 0) {
      form.setFields(problems);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await saveSegmentBilling(rows, values.reason.trim());
      message.success(t('value.loss.billingSaved', { month: values.month.slice(0, 7) }));
      form.setFieldValue('reason', '');
      setTick((n) => n + 1);
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldIssues.some((i) => i.field === 'reason')) {
        form.setFields([{ name: 'reason', errors: [t('value.loss.reasonRequired')] }]);
      }
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const segmentColumns = (segment: Segment) => ({
    title: t(`value.loss.${segment}`),
    key: segment,
    children: [
      {
        title: t('value.loss.revenue'),
        key: `${segment}-revenue`,
        align: 'right' as const,
        render: (_: unknown, r: MonthRow) => (r[segment] ? formatYuan(r[segment].revenueFen) : '—'),
      },
      {
        title: t('value.loss.customers'),
        key: `${segment}-customers`,
        align: 'right' as const,
        render: (_: unknown, r: MonthRow) => r[segment]?.billedCustomers.toLocaleString('en-US') ?? '—',
      },
      {
        title: t('value.loss.perCustomer'),
        key: `${segment}-avg`,
        align: 'right' as const,
        render: (_: unknown, r: MonthRow) => {
          const v = r[segment];
          return v ? (
            <span data-testid={`billing-avg-${segment}-${r.month}`}>
              {formatYuan(Math.round(v.revenueFen / v.billedCustomers))}
            </span>
          ) : (
            '—'
          );
        },
      },
    ],
  });

  return (
    <Card size="small" title={t('value.loss.billingTitle')} data-testid="segment-billing">
      <Typography.Paragraph type="secondary">{t('value.loss.billingHint')}</Typography.Paragraph>
      <ErrorAlert error={billing.error} />
      {byMonth.length === 0 && !billing.loading ? (
        <Empty description={t('value.loss.billingEmpty')} />
      ) : (
        <Table<MonthRow>
          size="small"
          rowKey="month"
          loading={billing.loading}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          scroll={{ x: true }}
          dataSource={byMonth}
          columns={[
            { title: t('value.loss.month'), key: 'month', render: (_, r) => r.month.slice(0, 7) },
            segmentColumns('commercial'),
            segmentColumns('public'),
          ]}
        />
      )}
      {isAdmin && (
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={{ month: months[1] ?? toMonth, reason: '' }}
          style={{ marginTop: 16 }}
          data-testid="segment-billing-form"
        >
          <Typography.Title level={5}>{t('value.loss.enterMonth')}</Typography.Title>
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="month" label={t('value.loss.month')} rules={[{ required: true }]}>
                <Select
                  options={months.map((m) => ({ value: m, label: m.slice(0, 7) }))}
                  onChange={prefill}
                  data-testid="billing-month"
                />
              </Form.Item>
            </Col>
            {SEGMENTS.map((segment) => (
              <Col xs={24} md={9} key={segment}>
                <Row gutter={8}>
                  <Col span={14}>
                    <Form.Item
                      name={`${segment}Revenue`}
                      label={`${t(`value.loss.${segment}`)} · ${t('value.loss.revenue')}`}
                    >
                      <Input prefix="¥" data-testid={`billing-${segment}-revenue`} />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item name={`${segment}Customers`} label={t('value.loss.customers')}>
                      <InputNumber<number>
                        min={1}
                        precision={0}
                        style={{ width: '100%' }}
                        data-testid={`billing-${segment}-customers`}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Col>
            ))}
          </Row>
          <Form.Item
            name="reason"
            label={t('value.loss.reason')}
            rules={[{ required: true, whitespace: true, message: t('value.loss.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="billing-reason" />
          </Form.Item>
          <ErrorAlert error={error} onClose={() => setError(null)} />
          <Button
            type="primary"
            htmlType="submit"
            loading={saving}
            data-testid="billing-save"
            style={{ marginTop: 8 }}
          >
            {t('value.loss.saveBilling')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
