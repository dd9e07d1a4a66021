import { Button, Input, Modal, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValueModel } from '../../api/value';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';

const STATUS_COLOR: Record<ValueModel['status'], string> = {
  draft: 'processing',
  active: 'success',
  retired: 'default',
};

export function StatusTag({ status }: { status: ValueModel['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`value.status.${status}`)}</Tag>;
}

type Props = {
  versions: readonly ValueModel[];
  selected: number | null;
  isAdmin: boolean;
  onView: (version: number) => void;
  /** Activates a version; rejects with the API error. */
  onActivate: (version: number, reason: string) => Promise<void>;
};

/** Every model version with its status; an administrator activates drafts or retired versions. */
export function ModelVersions({ versions, selected, isAdmin, onView, onActivate }: Props) {
  const { t } = useTranslation();
  const [activating, setActivating] = useState<ValueModel | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const columns: TableColumnsType<ValueModel> = [
    { title: t('value.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('value.versions.name'), dataIndex: 'name' },
    {
      title: '',
      dataIndex: 'status',
      width: 90,
      render: (s: ValueModel['status']) => <StatusTag status={s} />,
    },
    { title: t('value.versions.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
    { title: t('value.versions.createdBy'), dataIndex: 'createdBy' },
    {
      title: t('value.versions.createdAt'),
      dataIndex: 'createdAt',
      render: (at: string) => formatInstant(at),
    },
    {
      title: t('value.versions.activatedAt'),
      dataIndex: 'activatedAt',
      render: (at: string | null) => (at ? formatInstant(at) : ''),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, m) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            disabled={m.version === selected}
            onClick={() => onView(m.version)}
          >
            {t('value.versions.view')}
          </Button>
          {isAdmin && m.status !== 'active' && (
            <Button
              type="link"
              size="small"
              onClick={() => {
                setActivating(m);
                setReason('');
                setError(null);
              }}
              data-testid={`activate-${m.version}`}
            >
              {t('value.versions.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Table<ValueModel>
        size="small"
        rowKey="version"
        pagination={false}
        columns={columns}
        dataSource={[...versions]}
        data-testid="model-versions"
      />
      <Modal
        open={activating !== null}
        title={t('value.versions.activate')}
        okText={t('value.versions.activate')}
        confirmLoading={busy}
        onCancel={() => setActivating(null)}
        onOk={async () => {
          if (!activating) return;
          setBusy(true);
          setError(null);
          try {
            await onActivate(activating.version, reason.trim());
            setActivating(null);
          } catch (caught) {
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Typography.Paragraph>
          {t('value.versions.activateConfirm', { version: activating?.version ?? '' })}
        </Typography.Paragraph>
        <Input.TextArea
          rows={2}
          placeholder={t('value.versions.activateReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
        />
        <ErrorAlert error={error} />
      </Modal>
    </>
  );
}
