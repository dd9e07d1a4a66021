import { App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  changeSlipAmount,
  formatFen,
  parseYuan,
  RESPONSIBLE_SEGMENTS,
  type SlipDetail,
  type SlipStep,
  type StepBodies,
  takeSlipStep,
} from '../../api/compensation';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';

type Props = { slip: SlipDetail; onChanged: (slip: SlipDetail) => void };

const trimmed = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** One action form: runs `submit`, shows the server's errors under the fields or above the form. */
function ActionForm({
  title,
  testId,
  fields,
  children,
  submit,
  onChanged,
  buttons,
}: {
  title: string;
  testId: string;
  fields: string[];
  children: React.ReactNode;
  submit: (values: Record<string, unknown>, button: string) => Promise<SlipDetail>;
  onChanged: (slip: SlipDetail) => void;
  buttons: { key: string; label: string; danger?: boolean }[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (button: string) => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(button);
    setError(null);
    try {
      const slip = await submit(values, button);
      form.resetFields();
      message.success(t('compensation.form.done'));
      onChanged(slip);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, fields)) setError(caught);
      else setError(null);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Form form={form} layout="vertical" requiredMark={false}>
        {children}
        <ErrorAlert error={error} />
        <Space style={{ marginTop: 8 }}>
          {buttons.map((b) => (
            <Button
              key={b.key}
              type={b.danger ? 'default' : 'primary'}
              danger={b.danger}
              loading={busy === b.key}
              disabled={busy !== null && busy !== b.key}
              onClick={() => run(b.key)}
              data-testid={`${testId}-${b.key}`}
            >
              {b.label}
            </Button>
          ))}
        </Space>
      </Form>
    </Card>
  );
}

/** The forms of the steps the user may take now (the server says which in `actions`). */
export function SlipActions({ slip, onChanged }: Props) {
  const { t } = useTranslation();
  const can = (a: SlipStep | 'amount') => slip.actions.includes(a);
  const step = <S extends SlipStep>(s: S, body: StepBodies[S]) => takeSlipStep(slip.id, s, body);
  const forms: React.ReactNode[] = [];

  if (can('ops_statement')) {
    forms.push(
      <ActionForm
        key="ops"
        title={t('compensation.form.opsStatement')}
        testId="form-ops"
        fields={['responsibleSegment', 'opinion']}
        onChanged={onChanged}
        buttons={[{ key: 'submit', label: t('compensation.form.submit') }]}
        submit={(v) =>
          step('ops_statement', {
            responsibleSegment: v.responsibleSegment as StepBodies['ops_statement']['responsibleSegment'],
            opinion: String(v.opinion).trim(),
          })
        }
      >
        <Form.Item
          name="responsibleSegment"
          label={t('compensation.form.segment')}
          rules={[{ required: true, message: t('compensation.form.segmentRequired') }]}
        >
          <Select
            data-testid="ops-segment"
            options={RESPONSIBLE_SEGMENTS.map((s) => ({ value: s, label: t(`compensation.segment.${s}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="opinion"
          label={t('compensation.form.opinion')}
          rules={[{ required: true, whitespace: true, message: t('compensation.form.opinionRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="ops-opinion" />
        </Form.Item>
      </ActionForm>,
    );
  }

  if (can('approve')) {
    forms.push(
      <ActionForm
        key="approve"
        title={t('compensation.form.approve')}
        testId="form-approve"
        fields={['note']}
        onChanged={onChanged}
        buttons={[{ key: 'submit', label: t('compensation.form.approve') }]}
        submit={(v) => {
          const note = trimmed(v.note);
          return step('approve', note ? { note } : {});
        }}
      >
        <Form.Item name="note" label={t('compensation.form.note')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="approve-note" />
        </Form.Item>
      </ActionForm>,
    );
  }

  if (can('reject')) {
    forms.push(
      <ActionForm
        key="reject"
        title={t('compensation.form.reject')}
        testId="form-reject"
        fields={['reason']}
        onChanged={onChanged}
        buttons={[{ key: 'submit', label: t('compensation.form.reject'), danger: true }]}
        submit={(v) => step('reject', { reason: String(v.reason).trim() })}
      >
        <Form.Item
          name="reason"
          label={t('compensation.form.reason')}
          rules={[{ required: true, whitespace: true, message: t('compensation.form.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="reject-reason" />
        </Form.Item>
      </ActionForm>,
    );
  }

  if (can('confirm')) {
    forms.push(
      <ActionForm
        key="confirm"
        title={t('compensation.form.confirm')}
        testId="form-confirm"
        fields={['confirmedBy', 'confirmedAt', 'note']}
        onChanged={onChanged}
        buttons={[{ key: 'submit', label: t('compensation.form.submit') }]}
        submit={(v) => {
          const at = v.confirmedAt as Dayjs | undefined;
          const note = trimmed(v.note);
          return step('confirm', {
            confirmedBy: String(v.confirmedBy).trim(),
            ...(at ? { confirmedAt: at.toDate().toISOString() } : {}),
            ...(note ? { note } : {}),
          });
        }}
      >
        <Form.Item
          name="confirmedBy"
          label={t('compensation.form.confirmedBy')}
          rules={[{ required: true, whitespace: true, message: t('compensation.form.confirmedByRequired') }]}
        >
          <Input maxLength={200} data-testid="confirm-by" />
        </Form.Item>
        <Form.Item name="confirmedAt" label={t('compensation.form.confirmedAt')}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="note" label={t('compensation.form.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </ActionForm>,
    );
  }

  if (can('settle')) {
    forms.push(
      <ActionForm
        key="settle"
        title={t('compensation.form.settle')}
        testId="form-settle"
        fields={['settlementRef', 'note']}
        onChanged={onChanged}
        buttons={[{ key: 'submit', label: t('compensation.form.submit') }]}
        submit={(v) => {
          const note = trimmed(v.note);
          return step('settle', { settlementRef: String(v.settlementRef).trim(), ...(note ? { note } : {}) });
        }}
      >
        <Form.Item
          name="settlementRef"
          label={t('compensation.form.settlementRef')}
          rules={[
            { required: true, whitespace: true, message: t('compensation.form.settlementRefRequired') },
          ]}
        >
          <Input maxLength={200} data-testid="settle-ref" />
        </Form.Item>
        <Form.Item name="note" label={t('compensation.form.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </ActionForm>,
    );
  }

  if (can('amount')) {
    forms.push(
      <ActionForm
        key="amount"
        title={t('compensation.form.amount')}
        testId="form-amount"
        fields={['reason']}
        onChanged={onChanged}
        buttons={[{ key: 'submit', label: t('compensation.form.submit') }]}
        submit={(v) =>
          changeSlipAmount(slip.id, {
            amountFen: parseYuan(String(v.amountYuan)) ?? -1,
            reason: String(v.reason).trim(),
          })
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('compensation.form.amountHint')} ({t('compensation.slip.computedAmount')}{' '}
          {formatFen(slip.computedAmountFen)})
        </Typography.Paragraph>
        <Form.Item
          name="amountYuan"
          label={t('compensation.form.newAmount')}
          rules={[
            {
              validator: (_, value) =>
                parseYuan(String(value ?? '')) === null
                  ? Promise.reject(new Error(t('compensation.form.amountInvalid')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input prefix="¥" data-testid="amount-yuan" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('compensation.form.amountReason')}
          rules={[{ required: true, whitespace: true, message: t('compensation.form.amountReasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="amount-reason" />
        </Form.Item>
      </ActionForm>,
    );
  }

  return (
    <Card title={t('compensation.slip.actions')} data-testid="slip-actions">
      {forms.length === 0 ? (
        <Typography.Text type="secondary">{t('compensation.slip.noActions')}</Typography.Text>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {forms}
        </Space>
      )}
    </Card>
  );
}
