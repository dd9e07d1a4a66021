import { App, type ButtonProps, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adjustBudget, type Budget, budgetExceededOf } from '../../api/resources';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { nameIn } from './resource-labels';

type Values = { quantity: number; reason: string };

/**
 * A stock-take adjustment (盘点调整, admin and kam_manager) of one budget's usage: + takes
 * quantity (lost, damaged), − gives it back. The server refuses a usage below 0 or above the
 * budget; its error is shown at the quantity field.
 */
export function AdjustModal({
  budget,
  onClose,
  onDone,
}: {
  budget: Budget | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (budget) {
      form.resetFields();
      setError(null);
    }
  }, [budget, form]);

  if (!budget) return null;

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await adjustBudget(budget.id, { quantity: values.quantity, reason: values.reason.trim() });
      message.success(t('resources.budget.adjustDone'));
      onDone();
    } catch (caught) {
      const exceeded = budgetExceededOf(caught);
      if (exceeded) {
        form.setFields([
          {
            name: 'quantity',
            errors: [t('resources.budget.adjustExceeded', { remaining: exceeded.remaining })],
          },
        ]);
      } else if (!applyFieldIssues(form, caught, ['quantity', 'reason'])) {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('resources.budget.adjustTitle', {
        resource: nameIn(i18n.language, budget),
        level: budget.level,
        periodKey: budget.periodKey,
      })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'adjust-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item
          name="quantity"
          label={t('resources.budget.adjustQuantity')}
          extra={t('resources.budget.adjustRange', {
            used: budget.used,
            quantity: budget.quantity,
            remaining: budget.remaining,
          })}
          rules={[
            { required: true, message: t('resources.budget.adjustNonZero') },
            {
              validator: (_, value: number | null | undefined) =>
                value === 0
                  ? Promise.reject(new Error(t('resources.budget.adjustNonZero')))
                  : Promise.resolve(),
            },
          ]}
        >
          <InputNumber precision={0} style={{ width: '100%' }} data-testid="adjust-quantity" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('resources.budget.adjustReason')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input
            maxLength={500}
            placeholder={t('resources.budget.adjustReasonPlaceholder')}
            data-testid="adjust-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
