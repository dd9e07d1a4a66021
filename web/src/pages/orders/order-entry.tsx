/**
 * Order entry (业务受理): a customer (searched by name, or fixed when opened from a customer), the
 * lines editor, and a live preview of the priced one-time fees and due dates with their reasons
 * (POST /orders/preview, debounced on every change) → POST /orders → the order page.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findCustomers } from '../../api/customers';
import {
  CLASS_PRODUCTS,
  type CreateOrderInput,
  createOrder,
  formatFen,
  ORDER_PRODUCTS,
  ORDER_SCOPES,
  type OrderDetail,
  type OrderPreview,
  type OrderProduct,
  PROVISIONING_CLASSES,
  previewOrder,
  yuanToFen,
} from '../../api/orders';
import { ErrorAlert } from '../../components/error-alert';
import { ClassTag, DueDate } from './order-labels';

export const PREVIEW_DEBOUNCE_MS = 400;

type LineValues = {
  product?: OrderProduct;
  scope?: (typeof ORDER_SCOPES)[number];
  crossOperator?: boolean;
  provisioningClass?: string | null;
  bandwidthMbps?: number | null;
  aEnd?: string;
  zEnd?: string;
  listFee?: number | null;
  monthlyFee?: number | null;
};
type FormValues = {
  customerId?: string;
  priority?: string;
  requestedCompletionDate?: Dayjs | null;
  description?: string;
  items?: LineValues[];
};

/** The request of the form, or null while a line is incomplete. */
export function toOrderInput(values: FormValues, fixedCustomerId?: string): CreateOrderInput | null {
  const customerId = fixedCustomerId ?? values.customerId;
  if (!customerId || !values.items || values.items.length === 0) return null;
  const items = [];
  for (const l of values.items) {
    const fee = yuanToFen(l?.listFee ?? null);
    if (!l?.product || fee === null) return null;
    items.push({
      product: l.product,
      scope: l.scope ?? 'local',
      crossOperator: l.crossOperator ?? false,
      provisioningClass: (l.provisioningClass ||
        null) as CreateOrderInput['items'][number]['provisioningClass'],
      bandwidthMbps: l.bandwidthMbps ?? null,
      aEnd: l.aEnd?.trim() || null,
      zEnd: l.zEnd?.trim() || null,
      listOneTimeFeeFen: fee,
      monthlyFeeFen: yuanToFen(l.monthlyFee ?? 0) ?? 0,
    });
  }
  return {
    customerId,
    items,
    priority: values.priority ?? '2',
    description: values.description?.trim() || null,
    requestedCompletionDate: values.requestedCompletionDate
      ? values.requestedCompletionDate.format('YYYY-MM-DD')
      : null,
  };
}

function CustomerSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      findCustomers({ q: q || undefined }, { limit: 20, offset: 0 }).then(
        (page) => setOptions(page.items.map((c) => ({ value: c.id, label: c.name }))),
        () => setOptions([]),
      );
    }, 250);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the first page once
  useEffect(() => search(''), []);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={search}
      options={options}
      value={value}
      onChange={onChange}
      placeholder={t('orders.entry.customerPlaceholder')}
      data-testid="order-customer"
    />
  );
}

function PreviewTable({ preview }: { preview: OrderPreview }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="lineNo"
        pagination={false}
        dataSource={preview.lines}
        data-testid="order-preview"
        columns={[
          { title: '#', dataIndex: 'lineNo', width: 40 },
          {
            title: t('orders.entry.product'),
            render: (_, l) => (
              <Space size={4}>
                {t(`orders.product.${l.product}`)}
                <ClassTag cls={l.provisioningClass} />
              </Space>
            ),
          },
          {
            title: t('orders.entry.priced'),
            align: 'right',
            render: (_, l) => (
              <span data-testid={`preview-fee-${l.lineNo}`}>
                {formatFen(l.oneTimeFeeFen)}
                {l.feePercent !== 100 ? ` (${l.feePercent}%)` : ''}
              </span>
            ),
          },
          {
            title: t('orders.entry.due'),
            render: (_, l) => <DueDate date={l.dueDate} provisional={l.dueProvisional} basis={l.dueBasis} />,
          },
          {
            title: t('orders.entry.reason'),
            render: (_, l) => (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12 }}
                data-testid={`preview-reason-${l.lineNo}`}
              >
                {l.dueBasis.text}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Space wrap>
        <Typography.Text strong>
          {t('orders.entry.expected')}: {preview.expectedCompletionDate ?? t('orders.entry.noDue')}
        </Typography.Text>
        <Typography.Text>
          {t('orders.entry.totals', {
            once: formatFen(preview.totals.oneTimeFeeFen),
            monthly: formatFen(preview.totals.monthlyFeeFen),
          })}
        </Typography.Text>
      </Space>
    </Space>
  );
}

export function OrderEntry({
  customerId,
  onCreated,
}: {
  customerId?: string;
  onCreated: (o: OrderDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const values = Form.useWatch([], form) as FormValues | undefined;
  const [preview, setPreview] = useState<OrderPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = values ? toOrderInput(values, customerId) : null;
  const key = JSON.stringify(input);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the serialised input
  useEffect(() => {
    if (!input) {
      setPreview(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      previewOrder(input).then(
        (p) => {
          if (!live) return;
          setPreview(p);
          setPreviewError(null);
        },
        (e: unknown) => {
          if (!live) return;
          setPreview(null);
          setPreviewError(e);
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = toOrderInput(v, customerId);
    if (!body) return;
    setSaving(true);
    setError(null);
    try {
      const created = await createOrder(body);
      message.success(t('orders.entry.created', { number: created.orderNumber }));
      onCreated(created);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        priority: '2',
        items: [
          { product: 'digital_circuit', scope: 'local', crossOperator: false, provisioningClass: null },
        ],
      }}
      data-testid="order-entry"
    >
      <Row gutter={12}>
        {customerId ? null : (
          <Col xs={24} md={10}>
            <Form.Item name="customerId" label={t('orders.entry.customer')} rules={[{ required: true }]}>
              <CustomerSelect />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} md={4}>
          <Form.Item name="priority" label={t('orders.entry.priority')}>
            <Select options={['0', '1', '2', '3', '4'].map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="requestedCompletionDate" label={t('orders.entry.requested')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={customerId ? 15 : 5}>
          <Form.Item name="description" label={t('orders.entry.description')}>
            <Input maxLength={2000} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>{t('orders.entry.lines')}</Typography.Title>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((field, i) => {
              const line = values?.items?.[i];
              const classAllowed =
                !!line?.product && CLASS_PRODUCTS.includes(line.product) && !line.crossOperator;
              return (
                <Card size="small" key={field.key} data-testid={`order-line-${i}`}>
                  <Row gutter={8} align="bottom">
                    <Col xs={12} md={4}>
                      <Form.Item
                        name={[field.name, 'product']}
                        label={t('orders.entry.product')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          options={ORDER_PRODUCTS.map((p) => ({ value: p, label: t(`orders.product.${p}`) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[field.name, 'scope']} label={t('orders.entry.scope')}>
                        <Select
                          options={ORDER_SCOPES.map((s) => ({ value: s, label: t(`orders.scope.${s}`) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item
                        name={[field.name, 'provisioningClass']}
                        label={t('orders.entry.class')}
                        tooltip={
                          line?.crossOperator
                            ? t('orders.entry.crossNoClass')
                            : t('orders.entry.classProducts')
                        }
                      >
                        <Select
                          allowClear
                          disabled={!classAllowed}
                          options={PROVISIONING_CLASSES.map((c) => ({
                            value: c,
                            label: t(`orders.class.${c}`),
                          }))}
                          placeholder={t('orders.class.none')}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item name={[field.name, 'crossOperator']} valuePropName="checked" label=" ">
                        <Checkbox
                          onChange={(e) => {
                            if (e.target.checked)
                              form.setFieldValue(['items', field.name, 'provisioningClass'], null);
                          }}
                        >
                          {t('orders.entry.crossOperator')}
                        </Checkbox>
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item name={[field.name, 'bandwidthMbps']} label={t('orders.entry.bandwidth')}>
                        <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item
                        name={[field.name, 'listFee']}
                        label={t('orders.entry.listFee')}
                        rules={[{ required: true }]}
                      >
                        <InputNumber
                          min={0}
                          precision={2}
                          style={{ width: '100%' }}
                          data-testid={`line-fee-${i}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item name={[field.name, 'monthlyFee']} label={t('orders.entry.monthlyFee')}>
                        <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item name={[field.name, 'aEnd']} label={t('orders.entry.aEnd')}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item name={[field.name, 'zEnd']} label={t('orders.entry.zEnd')}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={2} md={1}>
                      <Form.Item label=" ">
                        <Button
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          onClick={() => remove(field.name)}
                          aria-label="remove"
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              );
            })}
            <Button
              icon={<PlusOutlined />}
              onClick={() =>
                add({
                  product: 'digital_circuit',
                  scope: 'local',
                  crossOperator: false,
                  provisioningClass: null,
                })
              }
            >
              {t('orders.entry.addLine')}
            </Button>
          </Space>
        )}
      </Form.List>
      <Card size="small" title={t('orders.entry.preview')} style={{ marginTop: 16 }}>
        {previewError ? <ErrorAlert error={previewError} /> : null}
        {preview ? (
          <PreviewTable preview={preview} />
        ) : previewError ? null : (
          <Alert type="info" showIcon message={t('orders.entry.previewEmpty')} />
        )}
      </Card>
      {error ? <ErrorAlert error={error} /> : null}
      <Button
        type="primary"
        onClick={submit}
        loading={saving}
        style={{ marginTop: 16 }}
        data-testid="order-submit"
      >
        {t('orders.entry.submit')}
      </Button>
    </Form>
  );
}
