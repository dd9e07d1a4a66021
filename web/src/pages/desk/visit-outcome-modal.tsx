import { Alert, Collapse, Form, Input, Modal, Radio, Rate, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordVisitOutcome, VISIT_OUTCOMES, type VisitOutcome, type VisitView } from '../../api/desk';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { outcomeLabel } from './desk-labels';

type Values = { outcome: VisitOutcome; score?: number; note: string; contactName?: string };

const SCRIPT_KINDS = ['fault_repair', 'activation', 'complaint'] as const;
type ScriptKind = (typeof SCRIPT_KINDS)[number];

/**
 * The call script of a visit (PRODUCT.md §7: return visits are scripted and polite): greeting,
 * the questions of its kind (a repaired fault, a new service, a complaint) and the closing, with
 * the customer, the ticket or order and the visitor filled in.
 */
function VisitScript({ visit, visitor }: { visit: VisitView; visitor: string }) {
  const { t } = useTranslation();
  const kind: ScriptKind = (SCRIPT_KINDS as readonly string[]).includes(visit.kind)
    ? (visit.kind as ScriptKind)
    : 'fault_repair';
  const values = {
    customer: visit.customerName,
    contact: visit.contactName ?? t('desk.visits.script.contactDefault'),
    visitor,
    ref: visit.ticketNumber ?? visit.orderRef ?? '',
  };
  const lines = t(`desk.visits.script.${kind}`, { ...values, returnObjects: true }) as unknown as string[];
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 12 }}
      defaultActiveKey={['script']}
      items={[
        {
          key: 'script',
          label: t('desk.visits.script.title'),
          children: (
            <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="visit-script">
              {[
                t('desk.visits.script.greeting', values),
                ...lines,
                t('desk.visits.script.closing', values),
              ].map((line) => (
                <li key={line}>
                  <Typography.Text>{line}</Typography.Text>
                </li>
              ))}
            </ol>
          ),
        },
      ]}
    />
  );
}

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
  const session = useSession();
  const me = session.status === 'authenticated' ? session.user.displayName : (visit?.visitorName ?? '');
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
      {visit && <VisitScript visit={visit} visitor={me} />}
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
