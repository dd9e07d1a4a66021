import { Alert, Button, Checkbox, Modal, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recomputeAllTickets } from '../../api/desk';
import { ErrorAlert } from '../../components/error-alert';

type Result = { tickets: number; changed: number };

/**
 * Recomputes the SLA clocks of every open ticket (`POST /desk/recompute`, admin only), by default
 * moving them onto the configuration in force — what to do after publishing a new one. The server
 * answers once all its chunks are done (no progress to report), so the dialog shows a spinner
 * until then and the counts after.
 */
export function RecomputeModal({
  open,
  currentVersion,
  onClose,
  onDone,
}: {
  open: boolean;
  currentVersion: number;
  onClose: () => void;
  onDone?: (result: Result) => void;
}) {
  const { t } = useTranslation();
  const [toCurrent, setToCurrent] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await recomputeAllTickets(toCurrent);
      setResult(done);
      onDone?.(done);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setResult(null);
    setError(null);
    setToCurrent(true);
  };

  return (
    <Modal
      open={open}
      title={t('desk.config.recomputeTitle')}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={!busy}
      afterClose={reset}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={onClose} data-testid="recompute-close">
            {t('desk.config.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" danger loading={busy} onClick={run} data-testid="recompute-submit">
              {t('desk.config.recomputeStart')}
            </Button>
          </Space>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }} data-testid="recompute-modal">
        <Typography.Paragraph style={{ margin: 0 }}>{t('desk.config.recomputeHint')}</Typography.Paragraph>
        <Checkbox
          checked={toCurrent}
          disabled={busy || result !== null}
          onChange={(e) => setToCurrent(e.target.checked)}
          data-testid="recompute-to-current"
        >
          {t('desk.config.recomputeToCurrent', { version: currentVersion })}
        </Checkbox>
        {!toCurrent && <Typography.Text type="secondary">{t('desk.config.recomputeKeep')}</Typography.Text>}
        {busy && (
          <Alert
            type="info"
            showIcon
            icon={<Spin size="small" />}
            message={t('desk.config.recomputeRunning')}
            data-testid="recompute-running"
          />
        )}
        {result && (
          <Alert
            type="success"
            showIcon
            message={t('desk.config.recomputeDone', result)}
            data-testid="recompute-result"
          />
        )}
        <ErrorAlert error={error} />
      </Space>
    </Modal>
  );
}
