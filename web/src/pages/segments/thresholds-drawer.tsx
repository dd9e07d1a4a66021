import { App, Button, Drawer, Form, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SegmentThresholds, saveThresholds } from '../../api/segments';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';

const FIELDS = [
  { name: 'valueScore', min: 0, max: 100, step: 1 },
  { name: 'satisfaction', min: 0, max: 100, step: 1 },
  { name: 'rsl', min: 0.01, max: 10, step: 0.05 },
  { name: 'walletShare', min: 0, max: 1, step: 0.05 },
] as const;

/** The segmentation thresholds (admin, kam_manager); the server validates and audits. */
export function ThresholdsDrawer({
  open,
  thresholds,
  onClose,
  onSaved,
}: {
  open: boolean;
  thresholds: SegmentThresholds | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SegmentThresholds>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (open && thresholds) {
      form.setFieldsValue(thresholds);
      setError(null);
    }
  }, [open, thresholds, form]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await saveThresholds(values);
      message.success(t('segments.saved'));
      onSaved();
    } catch (caught) {
      if (
        !applyFieldIssues(
          form,
          caught,
          FIELDS.map((f) => f.name),
        )
      )
        setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('segments.settingsTitle')}
      width={360}
      extra={
        <Space>
          <Button type="primary" loading={busy} onClick={submit} data-testid="thresholds-save">
            {t('segments.save')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        {FIELDS.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(`segments.threshold.${f.name}`)}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={f.min}
              max={f.max}
              step={f.step}
              style={{ width: '100%' }}
              data-testid={`threshold-${f.name}`}
            />
          </Form.Item>
        ))}
      </Form>
    </Drawer>
  );
}
