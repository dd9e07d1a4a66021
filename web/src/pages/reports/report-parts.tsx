/**
 * Pieces shared by the reports pages: formatting of the frozen figures, the generate dialog
 * (customer, agreement, month) and the role check for generate/send.
 */
import { App, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findCustomers } from '../../api/customers';
import { findCustomerAgreementOptions, generateReport, type ReportDetail } from '../../api/reports';
import type { User } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { computeTodayDate } from '../../format';

export const REPORT_WRITERS = ['admin', 'kam_manager', 'account_manager'];
export const canWriteReports = (user: User | null) => !!user && REPORT_WRITERS.includes(user.role);

/** 999500 → '99.95%' (2–4 decimals). */
export function formatPpm(ppm: number | null | undefined): string {
  if (ppm === null || ppm === undefined) return '—';
  return `${(ppm / 10_000).toFixed(4).replace(/0{1,2}$/, '')}%`;
}

export const formatRate = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${rate}%`;

/** The last `count` months, newest first, `YYYY-MM` (Asia/Shanghai). */
export function recentPeriods(now: Date, count = 12): string[] {
  const [y, m] = computeTodayDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The month before the current one — what a report is usually generated for. */
export const lastPeriod = (now: Date) => recentPeriods(now, 2)[1]!;

/** Searchable customer select (name or code), scoped by the server. */
export function CustomerPicker({ value, onChange }: { value?: string; onChange?: (id: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useApi((signal) => findCustomers(q ? { q } : {}, { limit: 20, offset: 0 }, signal), [q]);
  return (
    <Select
      showSearch
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={t('reports.chooseCustomer')}
      filterOption={false}
      onSearch={setQ}
      loading={found.loading}
      options={(found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))}
      data-testid="report-customer"
      style={{ minWidth: 260 }}
    />
  );
}

type GenerateValues = { customerId: string; agreementId?: string; period: string };

/** The generate dialog; `customerId` fixes the customer (the customer tab). */
export function GenerateReportModal({
  open,
  customerId,
  onClose,
  onDone,
}: {
  open: boolean;
  customerId?: string;
  onClose: () => void;
  onDone: (report: ReportDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GenerateValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const chosen = Form.useWatch('customerId', form) ?? customerId;
  const agreements = useApi(
    (signal) => (chosen ? findCustomerAgreementOptions(chosen, signal) : Promise.resolve([])),
    [chosen],
  );
  const periods = recentPeriods(new Date());

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const report = await generateReport({
        customerId: customerId ?? values.customerId,
        agreementId: values.agreementId ?? null,
        period: values.period,
      });
      message.success(t('reports.generateDone'));
      form.resetFields();
      onDone(report);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['customerId', 'agreementId', 'period'])) setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('reports.generate')}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: saving, 'data-testid': 'generate-submit' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reports.generateHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ period: lastPeriod(new Date()), customerId }}>
        {!customerId && (
          <Form.Item name="customerId" label={t('reports.customer')} rules={[{ required: true }]}>
            <CustomerPicker />
          </Form.Item>
        )}
        <Form.Item name="agreementId" label={t('reports.agreement')}>
          <Select
            allowClear
            placeholder={t('reports.chooseAgreement')}
            loading={agreements.loading}
            data-testid="report-agreement"
            options={(agreements.data ?? [])
              .filter((a) => a.currentVersion !== null)
              .map((a) => ({ value: a.id, label: `${a.agreementNumber} ${a.title}` }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('reports.period')} rules={[{ required: true }]}>
          <Select data-testid="report-period" options={periods.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export { formatFen } from '../../money';
