import { RollbackOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  BUDGET_LEVELS,
  findLedger,
  LEDGER_KINDS,
  type LedgerEntry,
  type LedgerKind,
  type Resource,
  returnResource,
} from '../../api/resources';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { formatInstant } from '../../format';
import { formatYuan, nameIn } from './resource-labels';

const KIND_COLORS: Record<LedgerKind, string> = { issue: 'blue', return: 'green', adjustment: 'orange' };

function ReturnModal({
  entry,
  onClose,
  onDone,
}: {
  entry: LedgerEntry | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ quantity: number; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const max = entry ? entry.quantity - entry.returnedQuantity : 0;

  useEffect(() => {
    if (entry) {
      form.setFieldsValue({ quantity: entry.quantity - entry.returnedQuantity, reason: '' });
      setError(null);
    }
  }, [entry, form]);

  if (!entry) return null;
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      await returnResource(entry.id, { quantity: values.quantity, reason: values.reason.trim() });
      message.success(t('resources.return.done'));
      onDone();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['quantity', 'reason'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('resources.return.title')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Typography.Paragraph>
        {entry.customerName} · {entry.resourceName} × {entry.quantity}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="quantity"
          label={t('resources.return.quantity', { max })}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={max} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('resources.return.reason')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The ledger in scope, newest first, with filters; an issuer returns (part of) an issue. */
export function LedgerTab({
  resources,
  canIssue,
  reloadKey,
}: {
  resources: Resource[];
  canIssue: boolean;
  reloadKey: number;
}) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<LedgerKind | undefined>();
  const [resourceCode, setResourceCode] = useState<string | undefined>();
  const [level, setLevel] = useState<string | undefined>();
  const [periodKey, setPeriodKey] = useState('');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [returning, setReturning] = useState<LedgerEntry | null>(null);

  const ledger = useApi(
    (signal) =>
      findLedger(
        {
          ...(kind ? { kind } : {}),
          ...(resourceCode ? { resourceCode } : {}),
          ...(level ? { level } : {}),
          ...(periodKey ? { periodKey } : {}),
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [kind, resourceCode, level, periodKey, page.current, page.pageSize, reloadKey],
  );
  const resetPage = () => setPage((p) => ({ ...p, current: 1 }));

  const columns: TableColumnsType<LedgerEntry> = [
    { title: t('resources.col.at'), dataIndex: 'at', width: 170, render: (at: string) => formatInstant(at) },
    {
      title: t('resources.col.kind'),
      dataIndex: 'kind',
      render: (k: LedgerKind) => <Tag color={KIND_COLORS[k]}>{t(`resources.ledgerKind.${k}`)}</Tag>,
    },
    {
      title: t('resources.col.resource'),
      key: 'resource',
      width: 150,
      render: (_, e) => nameIn(i18n.language, e),
    },
    {
      title: t('resources.col.customer'),
      key: 'customer',
      width: 220,
      render: (_, e) =>
        e.customerId ? (
          <Link to={`/customers/${e.customerId}`}>{e.customerName}</Link>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: t('resources.col.level'), dataIndex: 'level' },
    { title: t('resources.col.period'), key: 'period', render: (_, e) => e.periodKeys.join(' · ') },
    {
      title: t('resources.col.quantity'),
      key: 'quantity',
      align: 'right',
      render: (_, e) => `${e.quantity > 0 ? '+' : ''}${e.quantity} ${e.unit}`,
    },
    {
      title: t('resources.col.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (f: number) => formatYuan(f),
    },
    { title: t('resources.col.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('resources.col.contact'), dataIndex: 'contactName', render: (n: string | null) => n ?? '' },
    {
      title: t('resources.col.actor'),
      key: 'actor',
      render: (_, e) => e.actorDisplayName ?? e.actorName,
    },
    {
      title: t('resources.col.returned'),
      dataIndex: 'returnedQuantity',
      align: 'right',
      render: (n: number, e) => (e.kind === 'issue' && n > 0 ? n : ''),
    },
    ...(canIssue
      ? [
          {
            title: t('resources.col.actions'),
            key: 'actions',
            render: (_: unknown, e: LedgerEntry) =>
              e.kind === 'issue' && e.quantity > e.returnedQuantity ? (
                <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => setReturning(e)}>
                  {t('resources.return.button')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('resources.filter.kind')}
          value={kind}
          style={{ width: 110 }}
          onChange={(v) => {
            setKind(v);
            resetPage();
          }}
          options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`resources.ledgerKind.${k}`) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('resources.filter.resource')}
          value={resourceCode}
          style={{ width: 200 }}
          onChange={(v) => {
            setResourceCode(v);
            resetPage();
          }}
          options={resources.map((r) => ({ value: r.code, label: nameIn(i18n.language, r) }))}
        />
        <Select
          allowClear
          placeholder={t('resources.filter.level')}
          value={level}
          style={{ width: 90 }}
          onChange={(v) => {
            setLevel(v);
            resetPage();
          }}
          options={BUDGET_LEVELS.map((l) => ({ value: l, label: l }))}
        />
        <Input.Search
          allowClear
          placeholder={t('resources.filter.periodKey')}
          style={{ width: 280 }}
          onSearch={(v) => {
            setPeriodKey(v.trim());
            resetPage();
          }}
        />
      </Space>
      <ErrorAlert error={ledger.error} />
      <Table<LedgerEntry>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={ledger.data?.items ?? []}
        loading={ledger.loading}
        scroll={{ x: 1500 }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: ledger.data?.total ?? 0,
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
        data-testid="ledger-table"
      />
      <ReturnModal
        entry={returning}
        onClose={() => setReturning(null)}
        onDone={() => {
          setReturning(null);
          ledger.reload();
        }}
      />
    </Space>
  );
}
