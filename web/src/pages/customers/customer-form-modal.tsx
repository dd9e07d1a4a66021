import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  type CreateCustomerInput,
  type Customer,
  createCustomer,
  type UpdateCustomerInput,
  updateCustomer,
} from '../../api/customers';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import {
  CUSTOMER_FIELD_NAMES,
  CustomerFormFields,
  type CustomerFormValues,
  diffCustomer,
  toFields,
  toFormValues,
} from './customer-form-fields';
import type { Lookups } from './customer-lookups';

/** True for the 409 of an update sent with a version that is no longer the stored one. */
export function isStaleVersion(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 409) return false;
  const issues = error.fieldIssues;
  return issues.length === 0 || issues.some((issue) => issue.field.replace(/^body\./, '') === 'version');
}

/** "New customer" (admin, kam_manager); the server's field errors appear under their fields. */
export function CreateCustomerModal({
  open,
  lookups,
  onClose,
  onSaved,
}: {
  open: boolean;
  lookups: Lookups;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issuesPlaced, setIssuesPlaced] = useState(false);

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const input: CreateCustomerInput = {
        ...toFields(values),
        accountManagerId: values.accountManagerId ?? null,
      };
      const customer = await createCustomer(input);
      message.success(t('customers.created', { name: customer.name }));
      form.resetFields();
      onSaved(customer);
    } catch (caught) {
      // Issues that name no field of the form stay listed in the alert.
      setIssuesPlaced(applyFieldIssues(form, caught, CUSTOMER_FIELD_NAMES));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={760}
      title={t('customers.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={handleOk}
      okButtonProps={{ 'data-testid': 'customer-form-submit' }}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ isHeadquarters: false }}
        data-testid="customer-create-form"
      >
        <CustomerFormFields lookups={lookups} mode="create" />
      </Form>
      <ErrorAlert error={error} showFieldIssues={!issuesPlaced} />
    </Modal>
  );
}

/**
 * "Edit profile": sends only what changed with the `version` it was read at; a 409 means someone
 * else saved in between, and the user is asked to reload instead of overwriting their change.
 */
export function EditCustomerModal({
  customer,
  open,
  lookups,
  onClose,
  onSaved,
  onReload,
}: {
  customer: Customer;
  open: boolean;
  lookups: Lookups;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
  /** Reads the customer again (after a conflict). */
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issuesPlaced, setIssuesPlaced] = useState(false);
  // A stale `version` is a 409 naming `version` (a duplicate code is a 409 naming `code`).
  const conflict = isStaleVersion(error);

  // A reload brings a new version: start again from the stored values.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version resets the form
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue(toFormValues(customer));
  }, [customer.version, open]);

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const patch = diffCustomer(customer, toFields(values));
    if (Object.keys(patch).length === 0) {
      message.info(t('customers.edit.nothingChanged'));
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const input: UpdateCustomerInput = { ...patch, version: customer.version };
      const reason = values.reason?.trim();
      if (reason) input.reason = reason;
      const saved = await updateCustomer(customer.id, input);
      message.success(t('customers.edit.saved'));
      onSaved(saved);
    } catch (caught) {
      // Issues that name no field of the form stay listed in the alert.
      setIssuesPlaced(applyFieldIssues(form, caught, CUSTOMER_FIELD_NAMES));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={760}
      title={t('customers.edit.title', { name: customer.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: conflict, 'data-testid': 'customer-edit-submit' }}
      onOk={handleOk}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={toFormValues(customer)}
      >
        <CustomerFormFields lookups={lookups} mode="edit" customer={customer} />
        <Form.Item name="reason" label={t('customers.field.reason')}>
          <Input placeholder={t('customers.edit.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          data-testid="customer-edit-conflict"
          message={t('customers.edit.conflictTitle')}
          description={t('customers.edit.conflict')}
          action={
            <Button size="small" onClick={onReload} data-testid="customer-edit-reload">
              {t('customers.edit.reload')}
            </Button>
          }
        />
      ) : (
        <ErrorAlert error={error} showFieldIssues={!issuesPlaced} />
      )}
    </Modal>
  );
}
