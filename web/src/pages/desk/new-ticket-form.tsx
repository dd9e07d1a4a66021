import { App, Button, Form, Input, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  type CircuitBrief,
  createTicket,
  SEVERITIES,
  type Severity,
  TICKET_CHANNELS,
  TICKET_TYPES,
  type TicketType,
} from '../../api/desk';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { productLabel } from '../catalog/catalog-format';
import { channelLabel, severityLabel, typeLabel } from './desk-labels';

type Values = {
  ticketType: TicketType;
  severity: Severity;
  channel: string;
  circuitId?: string;
  name: string;
  description: string;
};

const FIELDS = ['ticketType', 'severity', 'channel', 'circuitId', 'name', 'description'];

/**
 * The compact new-ticket form of the console: type, severity and channel in one click each, the
 * circuit from the customer's circuits, a title and a description → POST /tickets → the ticket page.
 * Enter in the title or Ctrl+Enter in the description submits.
 */
export function NewTicketForm({
  customerId,
  circuits,
  preferredCircuitId,
}: {
  customerId: string;
  circuits: CircuitBrief[];
  preferredCircuitId?: string | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new customer starts a fresh form
  useEffect(() => {
    form.resetFields();
    setError(null);
    if (preferredCircuitId) form.setFieldValue('circuitId', preferredCircuitId);
  }, [customerId, preferredCircuitId]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await createTicket({
        customerId,
        ticketType: values.ticketType,
        severity: values.severity,
        channel: values.channel,
        name: values.name.trim(),
        description: values.description.trim(),
        ...(values.circuitId ? { circuitId: values.circuitId } : {}),
      });
      message.success(t('desk.form.created', { number: created.number }));
      navigate(`/tickets/${created.id}`);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, FIELDS)) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="middle"
      onFinish={submit}
      initialValues={{ ticketType: 'fault', severity: 'major', channel: 'phone' }}
      data-testid="new-ticket-form"
      requiredMark={false}
    >
      <Form.Item name="ticketType" label={t('desk.form.ticketType')} style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={TICKET_TYPES.map((x) => ({ value: x, label: typeLabel(t, x) }))}
          data-testid="form-type"
        />
      </Form.Item>
      <Form.Item name="severity" label={t('desk.form.severity')} style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          options={SEVERITIES.map((x) => ({ value: x, label: severityLabel(t, x) }))}
          data-testid="form-severity"
        />
      </Form.Item>
      <div style={{ display: 'flex', gap: 12 }}>
        <Form.Item name="channel" label={t('desk.form.channel')} style={{ flex: 1, marginBottom: 12 }}>
          <Select
            options={TICKET_CHANNELS.map((x) => ({ value: x, label: channelLabel(t, x) }))}
            data-testid="form-channel"
          />
        </Form.Item>
        <Form.Item name="circuitId" label={t('desk.form.circuit')} style={{ flex: 2, marginBottom: 12 }}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('desk.form.circuitNone')}
            options={circuits.map((c) => ({
              value: c.id,
              label: `${c.circuitNumber} · ${productLabel(t, c.product)}${c.bandwidthMbps ? ` · ${c.bandwidthMbps}M` : ''}`,
            }))}
            data-testid="form-circuit"
          />
        </Form.Item>
      </div>
      <Form.Item
        name="name"
        label={t('desk.form.name')}
        rules={[{ required: true, whitespace: true, message: t('desk.form.required') }]}
        style={{ marginBottom: 12 }}
      >
        <Input placeholder={t('desk.form.namePlaceholder')} maxLength={200} data-testid="form-name" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('desk.form.description')}
        rules={[{ required: true, whitespace: true, message: t('desk.form.required') }]}
        style={{ marginBottom: 12 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={t('desk.form.descriptionPlaceholder')}
          data-testid="form-description"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
          }}
        />
      </Form.Item>
      <ErrorAlert error={error} />
      <Button
        type="primary"
        htmlType="submit"
        loading={busy}
        data-testid="ticket-submit"
        style={{ marginTop: 8 }}
      >
        {t('desk.form.submit')}
      </Button>
    </Form>
  );
}
