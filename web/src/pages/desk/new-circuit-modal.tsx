import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CIRCUIT_PRODUCTS,
  CIRCUIT_SCOPES,
  type Circuit,
  createCircuit,
  type NewCircuitInput,
} from '../../api/desk';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';

type Values = Omit<NewCircuitInput, 'customerId' | 'bandwidthMbps'> & { bandwidthMbps?: number | null };
const FIELDS = ['circuitNumber', 'product', 'scope', 'bandwidthMbps', 'aEnd', 'zEnd', 'activatedOn'] as const;

/** Registers a circuit for the customer (admin, kam_manager); the server's field errors land on the fields. */
export function NewCircuitModal({
  customerId,
  open,
  onClose,
  onCreated,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (circuit: Circuit) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const aEnd = text(values.aEnd);
    const zEnd = text(values.zEnd);
    const activatedOn = text(values.activatedOn);
    try {
      onCreated(
        await createCircuit({
          customerId,
          circuitNumber: values.circuitNumber.trim(),
          product: values.product,
          scope: values.scope,
          ...(values.bandwidthMbps != null ? { bandwidthMbps: values.bandwidthMbps } : {}),
          ...(aEnd ? { aEnd } : {}),
          ...(zEnd ? { zEnd } : {}),
          ...(activatedOn ? { activatedOn } : {}),
        }),
      );
    } catch (caught) {
      if (!applyFieldIssues(form, caught, FIELDS)) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('desk.customerTab.newCircuit')}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'circuit-submit' }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        data-testid="circuit-form"
      >
        <Form.Item
          name="circuitNumber"
          label={t('desk.customerTab.circuitNumber')}
          extra={t('desk.customerTab.circuitNumberHint')}
          rules={[{ required: true, whitespace: true, message: t('desk.customerTab.circuitNumberRequired') }]}
        >
          <Input maxLength={64} data-testid="circuit-number" />
        </Form.Item>
        <Form.Item
          name="product"
          label={t('desk.customerTab.product')}
          rules={[{ required: true, message: t('desk.customerTab.productRequired') }]}
        >
          <Select
            aria-label="product"
            options={CIRCUIT_PRODUCTS.map((p) => ({ value: p, label: t(`orders.product.${p}`) }))}
            data-testid="circuit-product"
          />
        </Form.Item>
        <Form.Item
          name="scope"
          label={t('desk.customerTab.scope')}
          rules={[{ required: true, message: t('desk.customerTab.scopeRequired') }]}
        >
          <Select
            aria-label="scope"
            options={CIRCUIT_SCOPES.map((s) => ({ value: s, label: t(`orders.scope.${s}`) }))}
            data-testid="circuit-scope"
          />
        </Form.Item>
        <Form.Item name="bandwidthMbps" label={t('desk.customerTab.bandwidth')}>
          <InputNumber
            min={0}
            max={1_000_000}
            precision={0}
            style={{ width: '100%' }}
            data-testid="circuit-bandwidth"
          />
        </Form.Item>
        <Form.Item name="aEnd" label={t('desk.customerTab.aEnd')}>
          <Input maxLength={200} data-testid="circuit-a-end" />
        </Form.Item>
        <Form.Item name="zEnd" label={t('desk.customerTab.zEnd')}>
          <Input maxLength={200} data-testid="circuit-z-end" />
        </Form.Item>
        <Form.Item name="activatedOn" label={t('desk.customerTab.activatedOn')}>
          <Input type="date" data-testid="circuit-activated-on" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
