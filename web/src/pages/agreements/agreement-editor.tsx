import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AFTER_SALES_LEVELS,
  AGREEMENT_KINDS,
  type AgreementDetail,
  type AgreementKind,
  type AgreementVersion,
  type AvailabilityStep,
  type CustomerCircuit,
  createAgreement,
  createVersion,
  fenToYuan,
  findCustomerCircuitsWithLevel,
  formatPpm,
  getSlaSettings,
  MAINTENANCE_LEVELS,
  percentToPpm,
  SLA_CLASSES,
  type SlaClass,
  type SlaSettings,
  updateVersion,
  type VersionInput,
  yuanToFen,
} from '../../api/agreements';
import { findCustomers } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { productLabel } from '../catalog/catalog-format';
import { ServiceLevelTag } from './service-level-tag';

export type EditorMode =
  | { kind: 'create'; customerId?: string; customerName?: string }
  | { kind: 'version'; agreementId: string; customerId: string; from: AgreementVersion | null }
  | { kind: 'edit'; agreementId: string; customerId: string; from: AgreementVersion };

type Values = {
  customerId?: string;
  title?: string;
  kind: AgreementKind;
  slaClass?: string | null;
  maintenanceLevel?: string | null;
  afterSalesLevel?: string | null;
  availability: string;
  restoreMinutes: number;
  steps: AvailabilityStep[];
  restorePercentPerBreach: number;
  capPercent: number;
  designatedEngineer?: string;
  engineerPhone?: string;
  responseMinutes?: number | null;
  onSiteHours?: number | null;
  reports?: 'none' | 'monthly' | 'quarterly';
  optimisation?: boolean;
  validFrom: string;
  validTo?: string;
  note?: string;
};

const REFERENCE: Record<string, SlaClass> = { M1: 'AAA', M2: 'AA', M3: 'A' };

function defaultTargetsOf(
  settings: SlaSettings | undefined,
  kind: AgreementKind,
  cls?: string | null,
  m?: string | null,
) {
  const c: SlaClass =
    kind === 'sla_commitment' && cls
      ? (cls as SlaClass)
      : kind === 'maintenance' && m
        ? (REFERENCE[m] ?? 'A')
        : 'A';
  return settings?.classes[c] ?? null;
}

const FORM_FIELDS = [
  'customerId',
  'title',
  'kind',
  'slaClass',
  'maintenanceLevel',
  'validFrom',
  'validTo',
  'note',
];

/** The agreement editor (create, new version, edit a draft): kind, class with its default targets, terms, circuits. */
export function AgreementEditor({
  mode,
  open,
  onClose,
  onSaved,
}: {
  mode: EditorMode;
  open: boolean;
  onClose: () => void;
  onSaved: (detail: AgreementDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const settings = useApi((signal) => getSlaSettings(signal), []);
  const [customerId, setCustomerId] = useState<string | undefined>(
    mode.kind === 'create' ? mode.customerId : mode.customerId,
  );
  const [customerOptions, setCustomerOptions] = useState<{ value: string; label: string }[]>(
    mode.kind === 'create' && mode.customerId
      ? [{ value: mode.customerId, label: mode.customerName ?? mode.customerId }]
      : [],
  );
  const circuits = useApi(
    async (signal) =>
      customerId ? findCustomerCircuitsWithLevel(customerId, signal) : ([] as CustomerCircuit[]),
    [customerId],
  );
  const from = mode.kind === 'create' ? null : mode.from;
  const [selected, setSelected] = useState<string[]>(from?.circuitIds ?? []);
  const [fees, setFees] = useState<Record<string, string>>(
    Object.fromEntries(
      Object.entries(from?.compensationTerms?.monthlyFeesFen ?? {}).map(([k, v]) => [
        k,
        fenToYuan(v).replace(/,/g, ''),
      ]),
    ),
  );
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? from?.kind ?? 'sla_commitment';
  const slaClass = Form.useWatch('slaClass', form);
  const maintenanceLevel = Form.useWatch('maintenanceLevel', form);

  const initial: Values = useMemo(
    () => ({
      customerId: mode.kind === 'create' ? mode.customerId : undefined,
      kind: from?.kind ?? 'sla_commitment',
      slaClass: from?.slaClass ?? (from ? null : 'AAA'),
      maintenanceLevel: from?.maintenanceLevel ?? null,
      afterSalesLevel: from?.afterSalesLevel ?? null,
      availability: formatPpm(from?.targets.availabilityPpm ?? 999_900).replace('%', ''),
      restoreMinutes: from?.targets.restoreMinutes ?? 120,
      steps: from?.compensationTerms?.availabilitySteps ?? [],
      restorePercentPerBreach: from?.compensationTerms?.restorePercentPerBreach ?? 5,
      capPercent: from?.compensationTerms?.capPercent ?? 100,
      designatedEngineer: from?.afterSales?.designatedEngineer ?? undefined,
      engineerPhone: from?.afterSales?.engineerPhone ?? undefined,
      responseMinutes: from?.afterSales?.responseMinutes ?? null,
      onSiteHours: from?.afterSales?.onSiteHours ?? null,
      reports: from?.afterSales?.reports ?? 'none',
      optimisation: from?.afterSales?.optimisation ?? false,
      validFrom: from?.validFrom ?? new Date().toISOString().slice(0, 10),
      validTo: from?.validTo ?? undefined,
      note: from?.note ?? undefined,
    }),
    [from, mode],
  );

  // Default steps from the settings for a new SLA commitment.
  useEffect(() => {
    if (settings.data && form.getFieldValue('steps')?.length === 0)
      form.setFieldsValue({
        steps: settings.data.compensation.availabilitySteps,
        restorePercentPerBreach: settings.data.compensation.restorePercentPerBreach,
        capPercent: settings.data.compensation.capPercent,
      });
  }, [settings.data, form]);

  const defaults = defaultTargetsOf(settings.data, kind, slaClass, maintenanceLevel);
  const applyDefaults = (k: AgreementKind, cls?: string | null, m?: string | null) => {
    const d = defaultTargetsOf(settings.data, k, cls, m);
    if (d)
      form.setFieldsValue({
        availability: formatPpm(d.availabilityPpm).replace('%', ''),
        restoreMinutes: d.restoreMinutes,
      });
  };

  const searchCustomers = async (q: string) => {
    if (q.trim().length < 1) return;
    const page = await findCustomers({ q }, { limit: 20, offset: 0 });
    setCustomerOptions(page.items.map((c) => ({ value: c.id, label: c.name })));
  };

  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const ppm = percentToPpm(v.availability);
    if (ppm === null) {
      form.setFields([{ name: 'availability', errors: [t('agreements.editor.badNumber')] }]);
      return;
    }
    const monthlyFeesFen: Record<string, number> = {};
    for (const id of selected) {
      const fen = yuanToFen(fees[id] ?? '');
      if (v.kind === 'sla_commitment' && fen === null) {
        setError(new Error(`${t('agreements.editor.monthlyFee')}: ${t('agreements.editor.badNumber')}`));
        return;
      }
      if (fen !== null) monthlyFeesFen[id] = fen;
    }
    const input: VersionInput = {
      kind: v.kind,
      slaClass: v.kind === 'sla_commitment' ? (v.slaClass ?? null) : null,
      maintenanceLevel: v.kind === 'maintenance' ? (v.maintenanceLevel ?? null) : null,
      afterSalesLevel: v.afterSalesLevel ?? null,
      targets: { availabilityPpm: ppm, restoreMinutes: v.restoreMinutes },
      compensationTerms:
        v.kind === 'sla_commitment'
          ? {
              availabilitySteps: v.steps,
              restorePercentPerBreach: v.restorePercentPerBreach,
              capPercent: v.capPercent,
              monthlyFeesFen,
            }
          : null,
      afterSales: v.afterSalesLevel
        ? {
            designatedEngineer: v.designatedEngineer || null,
            engineerPhone: v.engineerPhone || null,
            responseMinutes: v.responseMinutes ?? null,
            onSiteHours: v.onSiteHours ?? null,
            reports: v.reports ?? 'none',
            optimisation: v.optimisation ?? false,
          }
        : null,
      circuitIds: selected,
      validFrom: v.validFrom,
      validTo: v.validTo || null,
      note: v.note || null,
    };
    setSaving(true);
    try {
      const saved =
        mode.kind === 'create'
          ? await createAgreement({ ...input, customerId: v.customerId!, title: v.title! })
          : mode.kind === 'version'
            ? await createVersion(mode.agreementId, input)
            : await updateVersion(mode.agreementId, mode.from.version, input);
      message.success(t('agreements.saved'));
      onSaved(saved);
    } catch (caught) {
      applyFieldIssues(form, caught, FORM_FIELDS);
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const title =
    mode.kind === 'create'
      ? t('agreements.create')
      : mode.kind === 'version'
        ? t('agreements.newVersion')
        : t('agreements.editVersion');

  return (
    <Modal
      open={open}
      title={title}
      width={960}
      onCancel={onClose}
      onOk={submit}
      okText={t('agreements.editor.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'editor-save' } as never}
      destroyOnClose
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={initial} data-testid="agreement-editor">
        <Row gutter={16}>
          {mode.kind === 'create' && (
            <>
              <Col span={12}>
                <Form.Item
                  name="customerId"
                  label={t('agreements.editor.customer')}
                  rules={[{ required: true }]}
                >
                  <Select
                    showSearch
                    filterOption={false}
                    placeholder={t('agreements.editor.customerSearch')}
                    options={customerOptions}
                    onSearch={searchCustomers}
                    onChange={(id: string) => {
                      setCustomerId(id);
                      setSelected([]);
                    }}
                    disabled={Boolean(mode.customerId)}
                    data-testid="editor-customer"
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="title" label={t('agreements.editor.title')} rules={[{ required: true }]}>
                  <Input data-testid="editor-title" />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={8}>
            <Form.Item name="kind" label={t('agreements.editor.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="editor-kind"
                options={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`agreements.kind.${k}`) }))}
                onChange={(k: AgreementKind) => {
                  const cls = k === 'sla_commitment' ? (form.getFieldValue('slaClass') ?? 'AAA') : null;
                  const m = k === 'maintenance' ? (form.getFieldValue('maintenanceLevel') ?? 'M1') : null;
                  form.setFieldsValue({ slaClass: cls, maintenanceLevel: m });
                  applyDefaults(k, cls, m);
                }}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            {kind === 'sla_commitment' && (
              <Form.Item name="slaClass" label={t('agreements.editor.slaClass')} rules={[{ required: true }]}>
                <Select
                  data-testid="editor-class"
                  options={SLA_CLASSES.map((c) => ({ value: c, label: c }))}
                  onChange={(c: string) => applyDefaults('sla_commitment', c, null)}
                />
              </Form.Item>
            )}
            {kind === 'maintenance' && (
              <Form.Item
                name="maintenanceLevel"
                label={t('agreements.editor.maintenanceLevel')}
                rules={[{ required: true }]}
              >
                <Select
                  options={MAINTENANCE_LEVELS.map((m) => ({ value: m, label: m }))}
                  onChange={(m: string) => applyDefaults('maintenance', null, m)}
                />
              </Form.Item>
            )}
          </Col>
          <Col span={8}>
            <Form.Item name="afterSalesLevel" label={t('agreements.editor.afterSalesLevel')}>
              <Select
                allowClear
                placeholder={t('agreements.editor.none')}
                options={AFTER_SALES_LEVELS.map((l) => ({ value: l, label: `VIP-${l}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>
          {t('agreements.editor.targets')}
        </Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="availability"
              label={t('agreements.editor.availability')}
              rules={[{ required: true }]}
            >
              <Input suffix="%" data-testid="editor-availability" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="restoreMinutes"
              label={t('agreements.editor.restoreMinutes')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={43_200} style={{ width: '100%' }} data-testid="editor-restore" />
            </Form.Item>
          </Col>
          <Col span={8}>
            {defaults && (
              <Typography.Text type="secondary" data-testid="editor-defaults">
                {t('agreements.editor.defaultsHint', {
                  availability: formatPpm(defaults.availabilityPpm),
                  minutes: defaults.restoreMinutes,
                })}
              </Typography.Text>
            )}
          </Col>
        </Row>
        {kind === 'sla_commitment' && (
          <>
            <Divider orientation="left" plain>
              {t('agreements.editor.compensation')}
            </Divider>
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Text strong>{t('agreements.editor.steps')}</Typography.Text>
                <Form.List name="steps">
                  {(items, { add, remove }) => (
                    <div data-testid="editor-steps">
                      {items.map((item) => (
                        <Space key={item.key} align="baseline">
                          <Form.Item name={[item.name, 'shortfallAbovePpm']} rules={[{ required: true }]}>
                            <InputNumber min={0} max={999_999} addonBefore=">" addonAfter="ppm" />
                          </Form.Item>
                          <Form.Item name={[item.name, 'percent']} rules={[{ required: true }]}>
                            <InputNumber min={0} max={100} addonAfter="%" />
                          </Form.Item>
                          <MinusCircleOutlined onClick={() => remove(item.name)} />
                        </Space>
                      ))}
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => add({ shortfallAbovePpm: 0, percent: 10 })}
                      >
                        {t('agreements.editor.addStep')}
                      </Button>
                    </div>
                  )}
                </Form.List>
              </Col>
              <Col span={6}>
                <Form.Item name="restorePercentPerBreach" label={t('agreements.editor.restorePercent')}>
                  <InputNumber min={0} max={100} addonAfter="%" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="capPercent" label={t('agreements.editor.capPercent')}>
                  <InputNumber min={0} max={100} addonAfter="%" />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Form.Item noStyle shouldUpdate={(a, b) => a.afterSalesLevel !== b.afterSalesLevel}>
          {({ getFieldValue }) =>
            getFieldValue('afterSalesLevel') ? (
              <>
                <Divider orientation="left" plain>
                  {t('agreements.editor.afterSales')}
                </Divider>
                <Row gutter={16}>
                  <Col span={6}>
                    <Form.Item name="designatedEngineer" label={t('agreements.editor.engineer')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="engineerPhone" label={t('agreements.editor.engineerPhone')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="responseMinutes" label={t('agreements.editor.responseMinutes')}>
                      <InputNumber min={1} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="onSiteHours" label={t('agreements.editor.onSiteHours')}>
                      <InputNumber min={1} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="reports" label={t('agreements.editor.reports')}>
                      <Select
                        options={[
                          { value: 'none', label: t('agreements.editor.reportsNone') },
                          { value: 'monthly', label: t('agreements.editor.reportsMonthly') },
                          { value: 'quarterly', label: t('agreements.editor.reportsQuarterly') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="optimisation" valuePropName="checked" label=" ">
                      <Checkbox>{t('agreements.editor.optimisation')}</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
              </>
            ) : null
          }
        </Form.Item>
        <Divider orientation="left" plain>
          {t('agreements.editor.circuits')}
        </Divider>
        <ErrorAlert error={circuits.error} />
        <Table<CustomerCircuit>
          rowKey="id"
          size="small"
          data-testid="editor-circuits"
          loading={circuits.loading && !circuits.data}
          dataSource={circuits.data ?? []}
          pagination={false}
          locale={{ emptyText: t('agreements.editor.noCircuits') }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
          columns={[
            { title: t('agreements.outages.circuit'), dataIndex: 'circuitNumber' },
            {
              title: t('desk.customerTab.product'),
              key: 'product',
              render: (_, c) => productLabel(t, c.product),
            },
            {
              title: t('agreements.col.level'),
              key: 'level',
              render: (_, c) => <ServiceLevelTag level={c.serviceLevel} />,
            },
            ...(kind === 'sla_commitment'
              ? [
                  {
                    title: t('agreements.editor.monthlyFee'),
                    key: 'fee',
                    render: (_: unknown, c: CustomerCircuit) => (
                      <Input
                        size="small"
                        prefix="¥"
                        disabled={!selected.includes(c.id)}
                        value={fees[c.id] ?? ''}
                        data-testid={`fee-${c.circuitNumber}`}
                        status={
                          selected.includes(c.id) && yuanToFen(fees[c.id] ?? '') === null
                            ? 'error'
                            : undefined
                        }
                        onChange={(e) => setFees({ ...fees, [c.id]: e.target.value })}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col span={8}>
            <Form.Item name="validFrom" label={t('agreements.editor.validFrom')} rules={[{ required: true }]}>
              <Input type="date" data-testid="editor-valid-from" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="validTo" label={t('agreements.editor.validTo')}>
              <Input type="date" data-testid="editor-valid-to" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="note" label={t('agreements.editor.note')}>
              <Input.TextArea rows={1} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
