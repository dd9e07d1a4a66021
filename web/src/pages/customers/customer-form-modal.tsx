import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Switch,
  TreeSelect,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  type CreateCustomerInput,
  type Customer,
  type CustomerFields,
  createCustomer,
  findCustomers,
  type UpdateCustomerInput,
  updateCustomer,
} from '../../api/customers';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { buildRegionTree, type Lookups } from './customer-lookups';

const DATE_FORMAT = 'YYYY-MM-DD';

type FormValues = {
  code: string;
  name: string;
  creditCode?: string;
  industry: string;
  regionCode: string;
  parentId?: string | null;
  isHeadquarters: boolean;
  accountManagerId?: string | null;
  customerSince?: Dayjs | null;
  address?: string;
  phone?: string;
  employees?: number | null;
  strategyNotes?: string;
  financialNotes?: string;
  orgStructure?: string;
  reason?: string;
};

/** Form field names the server may name in a problem's `errors`. */
const FIELD_NAMES = [
  'code',
  'name',
  'creditCode',
  'industry',
  'regionCode',
  'parentId',
  'isHeadquarters',
  'accountManagerId',
  'customerSince',
  'address',
  'phone',
  'employees',
  'strategyNotes',
  'financialNotes',
  'orgStructure',
  'reason',
] as const;

function blankToNull(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The profile fields of the form as the API takes them (blank text → null). */
function toFields(values: FormValues): CustomerFields {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    creditCode: blankToNull(values.creditCode),
    industry: values.industry,
    regionCode: values.regionCode,
    parentId: values.parentId ?? null,
    isHeadquarters: values.isHeadquarters,
    customerSince: values.customerSince ? values.customerSince.format(DATE_FORMAT) : null,
    address: blankToNull(values.address),
    phone: blankToNull(values.phone),
    employees: values.employees ?? null,
    strategyNotes: blankToNull(values.strategyNotes),
    financialNotes: blankToNull(values.financialNotes),
    orgStructure: blankToNull(values.orgStructure),
  };
}

/** Only the fields that changed, so that the audit log records exactly what was edited. */
export function diffCustomer(customer: Customer, fields: CustomerFields): Partial<CustomerFields> {
  const patch: Partial<CustomerFields> = {};
  for (const key of Object.keys(fields) as (keyof CustomerFields)[]) {
    const next = fields[key] ?? null;
    const before = customer[key] ?? null;
    if (next !== before) Object.assign(patch, { [key]: next });
  }
  return patch;
}

function toFormValues(customer: Customer): FormValues {
  return {
    code: customer.code,
    name: customer.name,
    creditCode: customer.creditCode ?? undefined,
    industry: customer.industry,
    regionCode: customer.regionCode,
    parentId: customer.parentId,
    isHeadquarters: customer.isHeadquarters,
    accountManagerId: customer.accountManagerId,
    customerSince: customer.customerSince ? dayjs(customer.customerSince, DATE_FORMAT) : null,
    address: customer.address ?? undefined,
    phone: customer.phone ?? undefined,
    employees: customer.employees,
    strategyNotes: customer.strategyNotes ?? undefined,
    financialNotes: customer.financialNotes ?? undefined,
    orgStructure: customer.orgStructure ?? undefined,
  };
}

/** True for the 409 of an update sent with a version that is no longer the stored one. */
export function isStaleVersion(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 409) return false;
  const issues = error.fieldIssues;
  return issues.length === 0 || issues.some((issue) => issue.field.replace(/^body\./, '') === 'version');
}

/** A searchable picker of the parent group, asking the server as the user types. */
function ParentSelect({
  value,
  onChange,
  initial,
  excludeId,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  initial?: { id: string; name: string } | null;
  excludeId?: string;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[]>(
    initial ? [{ value: initial.id, label: initial.name }] : [],
  );
  const [searching, setSearching] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      controller.current?.abort();
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(() => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setSearching(true);
      findCustomers({ q: q.trim() }, { limit: 20, offset: 0 }, current.signal)
        .then((page) => {
          setOptions(
            page.items
              .filter((c) => c.id !== excludeId)
              .map((c) => ({ value: c.id, label: `${c.name} (${c.code})` })),
          );
        })
        .catch(() => {})
        .finally(() => {
          if (!current.signal.aborted) setSearching(false);
        });
    }, 250);
  };

  return (
    <Select
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      showSearch
      allowClear
      filterOption={false}
      onSearch={search}
      loading={searching}
      options={options}
      placeholder={t('customers.parentSearch')}
      data-testid="customer-form-parent"
    />
  );
}

function CustomerFormFields({
  lookups,
  mode,
  customer,
}: {
  lookups: Lookups;
  mode: 'create' | 'edit';
  customer?: Customer;
}) {
  const { t, i18n } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('customers.required') }];
  const regionTree = useMemo(() => buildRegionTree(lookups.regions), [lookups.regions]);
  const english = i18n.language === 'en';
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item name="code" label={t('customers.field.code')} rules={required}>
          <Input autoComplete="off" data-testid="customer-form-code" />
        </Form.Item>
      </Col>
      <Col xs={24} md={16}>
        <Form.Item name="name" label={t('customers.field.name')} rules={required}>
          <Input autoComplete="off" data-testid="customer-form-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="creditCode"
          label={t('customers.field.creditCode')}
          normalize={(value: string) => value?.toUpperCase()}
          rules={[{ pattern: /^[0-9A-Z]{18}$/, message: t('customers.creditCodeFormat') }]}
        >
          <Input autoComplete="off" maxLength={18} data-testid="customer-form-creditCode" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="industry"
          label={t('customers.field.industry')}
          rules={[{ required: true, message: t('customers.required') }]}
        >
          {lookups.industries.length > 0 ? (
            <Select
              showSearch
              optionFilterProp="label"
              // Twenty sections: a plain list is lighter than the virtual one.
              virtual={false}
              options={lookups.industries.map((industry) => ({
                value: industry.code,
                label: `${industry.code} ${english ? industry.en : industry.zh}`,
              }))}
              data-testid="customer-form-industry"
            />
          ) : (
            <Input maxLength={1} data-testid="customer-form-industry" />
          )}
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="regionCode"
          label={t('customers.field.region')}
          rules={[{ required: true, message: t('customers.required') }]}
        >
          {regionTree.length > 0 ? (
            <TreeSelect
              showSearch
              virtual={false}
              treeNodeFilterProp="title"
              treeData={regionTree}
              treeDefaultExpandAll
              data-testid="customer-form-region"
            />
          ) : (
            <Input data-testid="customer-form-region" />
          )}
        </Form.Item>
      </Col>
      {mode === 'create' && (
        <Col xs={24} md={12}>
          <Form.Item name="accountManagerId" label={t('customers.field.accountManager')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={lookups.accountManagers.map((m) => ({
                value: m.id,
                label: `${m.displayName} (${m.username})`,
              }))}
              data-testid="customer-form-accountManager"
            />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={12}>
        <Form.Item name="parentId" label={t('customers.field.parent')}>
          <ParentSelect
            excludeId={customer?.id}
            initial={
              customer?.parentId
                ? { id: customer.parentId, name: customer.parentName ?? customer.parentId }
                : null
            }
          />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="isHeadquarters" label={t('customers.headquarters')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="customerSince" label={t('customers.field.customerSince')}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="phone" label={t('customers.field.phone')}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="employees" label={t('customers.field.employees')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="address" label={t('customers.field.address')}>
          <Input />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="strategyNotes" label={t('customers.field.strategyNotes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="financialNotes" label={t('customers.field.financialNotes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="orgStructure" label={t('customers.field.orgStructure')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Col>
    </Row>
  );
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
  const [form] = Form.useForm<FormValues>();
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
      setIssuesPlaced(applyFieldIssues(form, caught, FIELD_NAMES));
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
      <Form<FormValues>
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
  const [form] = Form.useForm<FormValues>();
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
      setIssuesPlaced(applyFieldIssues(form, caught, FIELD_NAMES));
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
      <Form<FormValues> form={form} layout="vertical" preserve={false} initialValues={toFormValues(customer)}>
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
