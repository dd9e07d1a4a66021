import { Alert, Form, Input, Modal, Radio, Rate } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordVisitOutcome, VISIT_OUTCOMES, type VisitOutcome, type VisitView } from '../../api/desk';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { outcomeLabel } from './desk-labels';

type Values = { outcome: VisitOutcome; score?: number; note: string; contactName?: string };

/** Records a return visit's outcome: satisfied closes the ticket, dissatisfied reopens it (+ AM task). */
export function VisitOutcomeModal({
  visit,
  onClose,
  onDone,
}: {
  visit: VisitView | null;
  onClose: () => void;
  onDone: (visit: VisitView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    if (!visit) return;
    setBusy(true);
    setError(null);
    try {
      const done = await recordVisitOutcome(visit.id, {
        outcome: values.outcome,
        note: values.note.trim(),
        ...(values.score ? { score: values.score } : {}),
        ...(values.contactName?.trim() ? { contactName: values.contactName.trim() } : {}),
      });
      onDone(done);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['outcome', 'score', 'note', 'contactName'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={visit !== null}
      title={visit ? t('desk.visits.recordTitle', { customer: visit.customerName }) : ''}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'outcome-submit' }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        data-testid="outcome-form"
      >
        <Form.Item
          name="outcome"
          label={t('desk.visits.outcome')}
          rules={[{ required: true, message: t('desk.visits.outcomeRequired') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={VISIT_OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(t, o) }))}
            data-testid="outcome-choice"
          />
        </Form.Item>
        {outcome === 'dissatisfied' && (
          <Alert
            type="warning"
            showIcon
            message={t('desk.visits.dissatisfiedHint')}
            style={{ marginBottom: 12 }}
          />
        )}
        {outcome === 'unreachable' && (
          <Alert
            type="info"
            showIcon
            message={t('desk.visits.unreachableHint')}
            style={{ marginBottom: 12 }}
          />
        )}
        {outcome !== 'unreachable' && (
          <Form.Item name="score" label={t('desk.visits.score')}>
            <Rate count={5} />
          </Form.Item>
        )}
        <Form.Item name="contactName" label={t('desk.visits.contactName')}>
          <Input maxLength={100} data-testid="outcome-contact" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('desk.visits.note')}
          rules={[{ required: true, whitespace: true, message: t('desk.visits.noteRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} data-testid="outcome-note" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
