/** The customer profile form fields shared by the create and edit modals, and their conversions. */
import { Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, type CustomerFields, findCustomers } from '../../api/customers';
import { useSession } from '../../auth/session';
import { buildRegionTree, type Lookups } from './customer-lookups';

const DATE_FORMAT = 'YYYY-MM-DD';

/** The values of the profile form (days as dayjs, blank text allowed). */
export type CustomerFormValues = {
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
export const CUSTOMER_FIELD_NAMES = [
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
export function toFields(values: CustomerFormValues): CustomerFields {
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

/** The form's values for a stored customer. */
export function toFormValues(customer: Customer): CustomerFormValues {
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

/**
 * The profile fields of the create and edit forms (the account manager only when creating). An
 * account manager sees the region but cannot change it: the server refuses that (403 naming
 * `regionCode`); only a kam_manager within its region or an admin moves a customer.
 */
export function CustomerFormFields({
  lookups,
  mode,
  customer,
}: {
  lookups: Lookups;
  mode: 'create' | 'edit';
  customer?: Customer;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const regionLocked = session.status === 'authenticated' && session.user.role === 'account_manager';
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
          extra={regionLocked ? t('customers.regionLocked') : undefined}
        >
          {regionTree.length > 0 ? (
            <TreeSelect
              disabled={regionLocked}
              showSearch
              virtual={false}
              treeNodeFilterProp="title"
              treeData={regionTree}
              treeDefaultExpandAll
              data-testid="customer-form-region"
            />
          ) : (
            <Input disabled={regionLocked} data-testid="customer-form-region" />
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
