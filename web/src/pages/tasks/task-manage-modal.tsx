import { App, type ButtonProps, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findAccountManagers } from '../../api/customers';
import { cancelTask, reassignTask, type Task } from '../../api/tasks';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';

export type TaskChange = { mode: 'reassign' | 'cancel'; task: Task };

type Values = { ownerId?: string; reason: string };

/** Reassign an open task to another account manager, or cancel it — both with a reason (audited). */
export function TaskManageModal({
  change,
  onClose,
  onDone,
}: {
  change: TaskChange | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const managers = useApi(
    (signal) => (change?.mode === 'reassign' ? findAccountManagers(signal) : Promise.resolve([])),
    [change?.mode],
  );

  useEffect(() => {
    if (change) {
      form.resetFields();
      setError(null);
    }
  }, [change, form]);

  if (!change) return null;
  const reassign = change.mode === 'reassign';

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      if (reassign) {
        await reassignTask(change.task.id, values.ownerId ?? '', values.reason.trim());
        message.success(t('tasks.reassigned'));
      } else {
        await cancelTask(change.task.id, values.reason.trim());
        message.success(t('tasks.cancelled'));
      }
      onDone();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['ownerId', 'reason'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={reassign ? t('tasks.reassignTitle') : t('tasks.cancelTitle')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={reassign ? t('tasks.reassign') : t('tasks.cancel')}
      okButtonProps={{ danger: !reassign, 'data-testid': 'manage-submit' } as ButtonProps}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        {reassign && (
          <Form.Item
            name="ownerId"
            label={t('tasks.newOwner')}
            rules={[{ required: true, message: t('tasks.ownerRequired') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={managers.loading}
              options={(managers.data ?? [])
                .filter((m) => m.id !== change.task.ownerId)
                .map((m) => ({ value: m.id, label: m.displayName }))}
              data-testid="manage-owner"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('tasks.reason')}
          rules={[{ required: true, whitespace: true, message: t('tasks.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="manage-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
