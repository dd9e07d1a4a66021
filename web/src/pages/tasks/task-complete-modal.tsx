import { UploadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Form, Input, Modal, Select, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { completeTask, EVIDENCE_CHANNELS, type EvidenceChannel, type Task } from '../../api/tasks';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { computeTodayDate } from '../../format';
import { actionLabel } from './task-labels';

type Values = { note: string; contactMet?: string; channel: EvidenceChannel; completedDate?: string };

/** The default channel for a kind of action. */
const channelFor = (task: Task): EvidenceChannel =>
  task.actionKind === 'visit' ? 'visit' : task.actionKind === 'report' ? 'email' : 'phone';

/**
 * Records a task as done with its evidence: what was done, the contact met, the channel, the day
 * and the attachments' metadata (name, size, type; files stay with the account manager).
 */
export function TaskCompleteModal({
  task,
  onClose,
  onDone,
}: {
  task: Task | null;
  onClose: () => void;
  onDone: (task: Task) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!task) return;
    form.resetFields();
    form.setFieldsValue({
      channel: channelFor(task),
      completedDate: computeTodayDate(new Date()),
      contactMet: task.contactName ?? undefined,
    });
    setFiles([]);
    setError(null);
  }, [task, form]);

  if (!task) return null;

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const done = await completeTask(task.id, {
        note: values.note.trim(),
        channel: values.channel,
        ...(values.contactMet?.trim() ? { contactMet: values.contactMet.trim() } : {}),
        ...(values.completedDate ? { completedDate: values.completedDate } : {}),
        attachments: files.map((f) => ({
          name: f.name,
          size: f.size ?? 0,
          mimeType: f.type || 'application/octet-stream',
        })),
      });
      message.success(t('tasks.completed'));
      onDone(done);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['note', 'contactMet', 'channel', 'completedDate']))
        setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('tasks.completeTitle', { action: actionLabel(task, i18n.language) })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('tasks.complete')}
      okButtonProps={{ 'data-testid': 'complete-submit' } as ButtonProps}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item
          name="note"
          label={t('tasks.note')}
          rules={[{ required: true, whitespace: true, message: t('tasks.noteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="complete-note" />
        </Form.Item>
        <Form.Item name="contactMet" label={t('tasks.contactMet')}>
          <Input maxLength={200} data-testid="complete-contact" />
        </Form.Item>
        <Form.Item name="channel" label={t('tasks.channelLabel')} rules={[{ required: true }]}>
          <Select
            options={EVIDENCE_CHANNELS.map((c) => ({ value: c, label: t(`tasks.channel.${c}`) }))}
            data-testid="complete-channel"
          />
        </Form.Item>
        <Form.Item name="completedDate" label={t('tasks.completedDate')}>
          <Input type="date" min={task.startDate} data-testid="complete-date" />
        </Form.Item>
        <Form.Item label={t('tasks.attachments')} extra={t('tasks.attachmentsHint')}>
          <Upload
            multiple
            fileList={files}
            beforeUpload={(file) => {
              setFiles((list) => [
                ...list,
                { uid: file.uid, name: file.name, size: file.size, type: file.type },
              ]);
              return false;
            }}
            onRemove={(file) => setFiles((list) => list.filter((f) => f.uid !== file.uid))}
          >
            <Button icon={<UploadOutlined />}>{t('tasks.addAttachment')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
