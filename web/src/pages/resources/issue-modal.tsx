import { Alert, App, type ButtonProps, Form, Input, InputNumber, Modal, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, findContacts, findCustomers } from '../../api/customers';
import {
  type BudgetExceeded,
  budgetExceededOf,
  findCustomerResources,
  issueResource,
  type Resource,
} from '../../api/resources';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { nameIn } from './resource-labels';

type Values = {
  customerId: string;
  resourceCode: string;
  quantity: number;
  reason: string;
  contactId?: string;
};

/** Customers matching what was typed (the server scopes them to the user's portfolio or region). */
function useCustomerSearch(q: string) {
  return useApi(
    (signal) =>
      findCustomers(q.trim() ? { q: q.trim() } : {}, { limit: 20, offset: 0 }, signal).then((p) => p.items),
    [q],
  );
}

/**
 * Issues a resource to a customer: picks the customer (searched in scope), the resource, the
 * quantity and the reason; shows what the customer's level may still receive of that resource,
 * and on a 409 the remaining budget the server reports.
 */
export function IssueModal({
  open,
  resources,
  initialCustomer,
  onClose,
  onDone,
}: {
  open: boolean;
  resources: Resource[];
  initialCustomer?: Pick<Customer, 'id' | 'name' | 'code'> | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exceeded, setExceeded] = useState<BudgetExceeded | null>(null);
  const [search, setSearch] = useState('');
  const customerId = Form.useWatch('customerId', form);
  const resourceCode = Form.useWatch('resourceCode', form);
  const customers = useCustomerSearch(search);
  const standing = useApi(
    (signal) => (customerId ? findCustomerResources(customerId, signal) : Promise.resolve(null)),
    [customerId],
  );
  const contacts = useApi(
    (signal) => (customerId ? findContacts(customerId, signal) : Promise.resolve([])),
    [customerId],
  );

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ quantity: 1, ...(initialCustomer ? { customerId: initialCustomer.id } : {}) });
      setError(null);
      setExceeded(null);
    }
  }, [open, form, initialCustomer]);

  if (!open) return null;
  const active = resources.filter((r) => r.active);
  const resource = active.find((r) => r.code === resourceCode);
  const available = (standing.data?.available ?? []).filter((b) => b.resourceCode === resourceCode);

  const customerOptions = [
    ...(initialCustomer && !(customers.data ?? []).some((c) => c.id === initialCustomer.id)
      ? [initialCustomer]
      : []),
    ...(customers.data ?? []),
  ].map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }));

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    setExceeded(null);
    try {
      const entry = await issueResource({
        customerId: values.customerId,
        resourceCode: values.resourceCode,
        quantity: values.quantity,
        reason: values.reason.trim(),
        ...(values.contactId ? { contactId: values.contactId } : {}),
      });
      message.success(t('resources.issue.done', { remaining: entry.remaining }));
      onDone();
    } catch (caught) {
      const over = budgetExceededOf(caught);
      if (over) {
        setExceeded(over);
        standing.reload();
      } else if (
        !applyFieldIssues(form, caught, ['customerId', 'resourceCode', 'quantity', 'reason', 'contactId'])
      ) {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  const levels = standing.data?.levels ?? [];
  return (
    <Modal
      open
      title={t('resources.issue.title')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('resources.issue.button')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'issue-submit' } as ButtonProps}
    >
      {exceeded && (
        <Alert
          type="error"
          showIcon
          data-testid="issue-exceeded"
          style={{ marginBottom: 12 }}
          message={
            exceeded.periodKey
              ? t('resources.issue.exceeded', {
                  level: exceeded.level ?? '',
                  periodKey: exceeded.periodKey,
                  remaining: exceeded.remaining,
                  requested: exceeded.requested ?? form.getFieldValue('quantity'),
                })
              : t('resources.issue.exceededShort', { remaining: exceeded.remaining })
          }
        />
      )}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="customerId" label={t('resources.issue.customer')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setSearch}
            placeholder={t('resources.issue.customerSearch')}
            notFoundContent={customers.loading ? <Spin size="small" /> : undefined}
            options={customerOptions}
            data-testid="issue-customer"
          />
        </Form.Item>
        {customerId && standing.data && (
          <Alert
            type={levels.length === 0 ? 'warning' : 'info'}
            style={{ marginBottom: 12 }}
            message={
              levels.length === 0
                ? t('resources.issue.noLevel')
                : t('resources.issue.level', { levels: levels.join(' / ') })
            }
            description={
              resource && levels.length > 0 ? (
                available.length === 0 ? (
                  t('resources.issue.noBudget')
                ) : (
                  <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="issue-available">
                    {available.map((b) => (
                      <li key={b.id}>
                        {t('resources.issue.available', {
                          level: b.level,
                          period: t(`resources.period.${b.period}`),
                          periodKey: b.periodKey,
                          remaining: b.remaining,
                          unit: b.unit,
                        })}
                      </li>
                    ))}
                  </ul>
                )
              ) : undefined
            }
          />
        )}
        <Form.Item name="resourceCode" label={t('resources.issue.resource')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={active.map((r) => ({ value: r.code, label: `${nameIn(i18n.language, r)} (${r.code})` }))}
            data-testid="issue-resource"
          />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={
            resource ? `${t('resources.issue.quantity')}(${resource.unit})` : t('resources.issue.quantity')
          }
          rules={[{ required: true }]}
        >
          <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="issue-quantity" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('resources.issue.reason')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input
            maxLength={500}
            placeholder={t('resources.issue.reasonPlaceholder')}
            data-testid="issue-reason"
          />
        </Form.Item>
        <Form.Item name="contactId" label={t('resources.issue.contact')}>
          <Select
            allowClear
            disabled={!customerId}
            options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
