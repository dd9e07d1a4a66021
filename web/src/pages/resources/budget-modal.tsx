import { App, type ButtonProps, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BUDGET_LEVELS,
  BUDGET_PERIODS,
  type BudgetLevel,
  type BudgetPeriod,
  type Resource,
  saveBudget,
} from '../../api/resources';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { nameIn } from './resource-labels';

/** The budget being set: an existing one (with its usage) or a new cell. */
export type BudgetDraft = {
  resourceCode: string;
  level: string;
  period: BudgetPeriod;
  periodKey: string;
  quantity: number;
  used: number;
};

type Values = {
  resourceCode: string;
  level: BudgetLevel;
  period: BudgetPeriod;
  periodKey: string;
  quantity: number;
};

/** Sets a budget (admin, kam_manager): not below what is used; the server names any bad field. */
export function BudgetModal({
  draft,
  resources,
  onClose,
  onDone,
}: {
  draft: BudgetDraft | null;
  resources: Resource[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (draft) {
      form.setFieldsValue({
        resourceCode: draft.resourceCode,
        level: draft.level as BudgetLevel,
        period: draft.period,
        periodKey: draft.periodKey,
        quantity: draft.quantity,
      });
      setError(null);
    }
  }, [draft, form]);

  if (!draft) return null;

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await saveBudget({ ...values, periodKey: values.periodKey.trim() });
      message.success(t('resources.budget.saved'));
      onDone();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['resourceCode', 'level', 'period', 'periodKey', 'quantity'])) {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={draft.quantity > 0 ? t('resources.budget.edit') : t('resources.budget.set')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'budget-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="resourceCode" label={t('resources.col.resource')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={resources.map((r) => ({
              value: r.code,
              label: `${nameIn(i18n.language, r)} (${r.code})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('resources.col.level')} rules={[{ required: true }]}>
          <Select options={BUDGET_LEVELS.map((l) => ({ value: l, label: l }))} />
        </Form.Item>
        <Form.Item name="period" label={t('resources.col.period')} rules={[{ required: true }]}>
          <Select options={BUDGET_PERIODS.map((p) => ({ value: p, label: t(`resources.period.${p}`) }))} />
        </Form.Item>
        <Form.Item
          name="periodKey"
          label={t('resources.filter.periodKey')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={10} />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('resources.col.quantity')}
          extra={draft.used > 0 ? t('resources.budget.belowUsed', { used: draft.used }) : undefined}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="budget-quantity" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
