import { Alert, App, type ButtonProps, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { approveProposal, bulkApproveProposals, rejectProposal } from '../../api/tiers';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { computeTodayDate } from '../../format';

export type Decision =
  | { mode: 'approve'; ids: [string] }
  | { mode: 'reject'; ids: [string] }
  | { mode: 'bulk'; ids: string[] };

type Values = { reason?: string };

/**
 * Approve (optional comment), reject (reason required) or bulk-approve the selected proposals
 * (all or nothing; the server lists each id that could not be approved). An approval takes effect
 * the day it is given — the server refuses any other effective date — so the day is shown, not
 * asked for.
 */
export function DecisionModal({
  decision,
  onClose,
  onDone,
}: {
  decision: Decision | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (decision) {
      form.resetFields();
      setError(null);
    }
  }, [decision, form]);

  if (!decision) return null;
  const title =
    decision.mode === 'approve'
      ? t('tiers.approveTitle')
      : decision.mode === 'reject'
        ? t('tiers.rejectTitle')
        : t('tiers.bulkTitle', { count: decision.ids.length });

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const reason = values.reason?.trim() || undefined;
    setBusy(true);
    setError(null);
    try {
      if (decision.mode === 'approve') {
        await approveProposal(decision.ids[0], reason ? { reason } : {});
        message.success(t('tiers.approved'));
      } else if (decision.mode === 'reject') {
        await rejectProposal(decision.ids[0], reason ?? '');
        message.success(t('tiers.rejected'));
      } else {
        const result = await bulkApproveProposals(decision.ids, reason);
        message.success(t('tiers.bulkApproved', { count: result.approved }));
      }
      onDone();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['reason'])) setError(caught);
      else setError(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={decision.mode === 'reject' ? t('tiers.reject') : t('tiers.approve')}
      okButtonProps={{ danger: decision.mode === 'reject', 'data-testid': 'decision-submit' } as ButtonProps}
      destroyOnHidden
    >
      {decision.mode === 'bulk' && (
        <Alert type="info" showIcon message={t('tiers.bulkHint')} style={{ marginBottom: 12 }} />
      )}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item
          name="reason"
          label={t('tiers.decisionReason')}
          rules={
            decision.mode === 'reject'
              ? [{ required: true, whitespace: true, message: t('tiers.rejectReasonRequired') }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="decision-reason" />
        </Form.Item>
        {decision.mode !== 'reject' && (
          <Form.Item label={t('tiers.effectiveDate')} extra={t('tiers.effectiveDateHint')}>
            <Typography.Text data-testid="decision-effective-date">
              {computeTodayDate(new Date())}
            </Typography.Text>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
