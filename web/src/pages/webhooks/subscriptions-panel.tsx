import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api';
import {
  type CreatedHub,
  findHubSubscriptions,
  HUB_APIS,
  type HubApi,
  type HubSubscription,
  subscribeHub,
  unsubscribeHub,
} from '../../api/webhooks';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { formatInstant } from '../../format';

type Values = { api: HubApi; callback: string; query?: string };

/** Subscribes a callback on one API's `/hub`; the server's field errors land on the fields. */
function SubscribeModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (hub: CreatedHub) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const query = values.query?.trim();
      onCreated(
        await subscribeHub(values.api, { callback: values.callback.trim(), ...(query ? { query } : {}) }),
      );
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['callback', 'query'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('webhooks.sub.addTitle')}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'hub-submit' }}
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
        initialValues={{ api: 'troubleTicket' }}
        data-testid="hub-form"
      >
        <Form.Item name="api" label={t('webhooks.sub.api')}>
          <Select
            aria-label="api"
            options={HUB_APIS.map((a) => ({ value: a, label: t(`webhooks.api.${a}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="callback"
          label={t('webhooks.sub.callback')}
          extra={t('webhooks.sub.callbackHint')}
          rules={[{ required: true, whitespace: true, message: t('webhooks.sub.callbackRequired') }]}
        >
          <Input placeholder="https://" maxLength={2000} data-testid="hub-callback" />
        </Form.Item>
        <Form.Item name="query" label={t('webhooks.sub.query')} extra={t('webhooks.sub.queryHint')}>
          <Input maxLength={500} data-testid="hub-query" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}

/** The hub subscriptions of every API, with subscribe (secret shown once) and delete. */
export function SubscriptionsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const subs = useApi((signal) => findHubSubscriptions(signal), []);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedHub | null>(null);
  const [error, setError] = useState<unknown>(null);

  const remove = async (sub: HubSubscription) => {
    setError(null);
    try {
      await unsubscribeHub(sub.api, sub.id);
      message.success(t('webhooks.sub.removed'));
      subs.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const columns: TableColumnsType<HubSubscription> = [
    { title: t('webhooks.sub.api'), key: 'api', render: (_, s) => t(`webhooks.api.${s.api}`) },
    {
      title: t('webhooks.sub.callback'),
      dataIndex: 'callback',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('webhooks.sub.query'),
      dataIndex: 'query',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('webhooks.sub.allEvents')}</Typography.Text>,
    },
    { title: t('webhooks.sub.createdBy'), dataIndex: 'createdBy' },
    { title: t('webhooks.sub.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
    {
      title: t('webhooks.sub.receiving'),
      key: 'receiving',
      render: (_, s) =>
        s.receiving ? (
          <Tag color="success">{t('webhooks.sub.receivingYes')}</Tag>
        ) : (
          <Tooltip title={t('webhooks.sub.receivingNoHint')}>
            <Tag color="warning" data-testid={`hub-stopped-${s.id}`}>
              {t('webhooks.sub.receivingNo')}
            </Tag>
          </Tooltip>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) => (
        <Popconfirm title={t('webhooks.sub.removeConfirm')} onConfirm={() => remove(s)}>
          <Button
            type="link"
            size="small"
            danger
            icon={<DeleteOutlined />}
            data-testid={`hub-delete-${s.id}`}
          >
            {t('webhooks.sub.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="hub-add">
          {t('webhooks.sub.add')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={subs.reload} aria-label={t('common.refresh')} />
      </Space>
      <ErrorAlert error={subs.error} />
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Table<HubSubscription>
        rowKey="id"
        size="middle"
        loading={subs.loading && !subs.data}
        columns={columns}
        dataSource={subs.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('webhooks.sub.empty') }}
        data-testid="hub-subscriptions"
      />
      <SubscribeModal
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(hub) => {
          setAdding(false);
          setCreated(hub);
          subs.reload();
        }}
      />
      {/* Mounted only while shown, so the secret leaves the page once closed. */}
      {created && (
        <Modal
          open
          title={t('webhooks.sub.createdTitle')}
          onCancel={() => setCreated(null)}
          footer={
            <Button type="primary" onClick={() => setCreated(null)} data-testid="hub-secret-close">
              {t('webhooks.sub.secretSaved')}
            </Button>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon message={t('webhooks.sub.secretOnce')} />
            <Typography.Text type="secondary">{t('webhooks.sub.secret')}</Typography.Text>
            <Typography.Paragraph copyable code data-testid="hub-secret">
              {created.secret}
            </Typography.Paragraph>
            <Typography.Text code>{created.callback}</Typography.Text>
          </Space>
        </Modal>
      )}
    </Space>
  );
}
