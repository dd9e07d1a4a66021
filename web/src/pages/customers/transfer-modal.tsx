import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, transferCustomer } from '../../api/customers';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import type { Lookups } from './customer-lookups';

type Values = { accountManagerId: string; reason: string };

/** Hands the customer to another account manager (admin, kam_manager); the reason is audited. */
export function TransferModal({
  customer,
  open,
  lookups,
  onClose,
  onSaved,
}: {
  customer: Customer;
  open: boolean;
  lookups: Lookups;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issuesPlaced, setIssuesPlaced] = useState(false);

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await transferCustomer(customer.id, values.accountManagerId, values.reason.trim());
      message.success(t('customers.transfer.done', { name: saved.accountManagerName ?? '' }));
      onSaved(saved);
    } catch (caught) {
      setIssuesPlaced(applyFieldIssues(form, caught, ['accountManagerId', 'reason']));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('customers.transfer.title', { name: customer.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'customer-transfer-submit' }}
      onOk={handleOk}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false}>
        <Form.Item label={t('customers.transfer.current')}>
          <Typography.Text>{customer.accountManagerName ?? t('common.none')}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="accountManagerId"
          label={t('customers.transfer.to')}
          rules={[
            { required: true, message: t('customers.required') },
            {
              validator: (_, value) =>
                value && value === customer.accountManagerId
                  ? Promise.reject(new Error(t('customers.transfer.sameManager')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={lookups.accountManagers.map((m) => ({
              value: m.id,
              label: `${m.displayName} (${m.username})`,
            }))}
            data-testid="customer-transfer-to"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('customers.transfer.reason')}
          rules={[{ required: true, whitespace: true, message: t('customers.transfer.reasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} data-testid="customer-transfer-reason" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} showFieldIssues={!issuesPlaced} />
    </Modal>
  );
}
