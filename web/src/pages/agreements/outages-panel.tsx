import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { createOutage, findOutages, type Outage, patchOutage } from '../../api/agreements';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';

/** `YYYY-MM-DDTHH:MM` typed in Shanghai wall time → an ISO instant with its offset. */
const wallToInstant = (wall: string) => `${wall}:00+08:00`;

type CircuitOption = { id: string; circuitNumber: string; customerName: string };

/**
 * Outages (故障记录): the list (filters month, open) and, for ops/admin, entry and restore. The
 * circuit can be fixed (`circuitId`) or searched by number.
 */
export function OutagesPanel({
  customerId,
  agreementId,
  circuitId,
  onChange,
}: {
  customerId?: string;
  agreementId?: string;
  circuitId?: string;
  onChange?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canEdit = role === 'admin' || role === 'ops_engineer';
  const [month, setMonth] = useState('');
  const [openOnly, setOpenOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useApi(
    (signal) =>
      findOutages(
        {
          customerId,
          agreementId,
          circuitId,
          month: month || undefined,
          open: openOnly ? 'true' : undefined,
        },
        { limit: 20, offset: (page - 1) * 20 },
        signal,
      ),
    [customerId, agreementId, circuitId, month, openOnly, page],
  );
  const [adding, setAdding] = useState(false);
  const [restoring, setRestoring] = useState<Outage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [circuitOptions, setCircuitOptions] = useState<CircuitOption[]>([]);
  const [form] = Form.useForm();
  const [restoreForm] = Form.useForm();

  const searchCircuits = async (q: string) => {
    if (q.trim().length < 1) return;
    setCircuitOptions(await api.get<CircuitOption[]>('/circuits', { q, customerId, limit: 20 }));
  };

  const add = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await createOutage({
        circuitId: circuitId ?? v.circuitId,
        startedAt: wallToInstant(v.startedAt),
        restoredAt: v.restoredAt ? wallToInstant(v.restoredAt) : null,
        cause: v.cause || null,
        excluded: Boolean(v.excluded),
      });
      message.success(t('agreements.saved'));
      setAdding(false);
      form.resetFields();
      list.reload();
      onChange?.();
    } catch (caught) {
      setError(caught);
    }
  };

  const restore = async () => {
    if (!restoring) return;
    const v = await restoreForm.validateFields();
    setError(null);
    try {
      await patchOutage(restoring.id, { restoredAt: wallToInstant(v.restoredAt) });
      setRestoring(null);
      list.reload();
      onChange?.();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="outages-panel">
      <Space wrap>
        <Input
          type="month"
          value={month}
          onChange={(e) => {
            setMonth(e.target.value);
            setPage(1);
          }}
          style={{ width: 160 }}
          aria-label={t('agreements.outages.month')}
        />
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)}>
          {t('agreements.outages.open')}
        </Checkbox>
        {canEdit && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="outage-add">
            {t('agreements.outages.add')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Outage>
        rowKey="id"
        size="small"
        data-testid="outages-table"
        loading={list.loading && !list.data}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('agreements.outages.empty') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('agreements.outages.circuit'), dataIndex: 'circuitNumber' },
          ...(customerId ? [] : [{ title: t('agreements.col.customer'), dataIndex: 'customerName' }]),
          {
            title: t('agreements.outages.startedAt'),
            key: 's',
            render: (_, o) => formatInstant(o.startedAt),
          },
          {
            title: t('agreements.outages.restoredAt'),
            key: 'r',
            render: (_, o) =>
              o.restoredAt ? (
                formatInstant(o.restoredAt)
              ) : (
                <Tag color="red">{t('agreements.outages.open')}</Tag>
              ),
          },
          {
            title: t('agreements.outages.duration'),
            dataIndex: 'durationMinutes',
            render: (v: number | null) => v ?? '—',
          },
          {
            title: t('agreements.outages.source'),
            key: 'src',
            render: (_, o) =>
              o.source === 'ticket' && o.ticketId ? (
                <Link to={`/tickets/${o.ticketId}`}>{o.ticketNumber ?? t('agreements.outages.ticket')}</Link>
              ) : (
                t('agreements.outages.manual')
              ),
          },
          {
            title: t('agreements.outages.cause'),
            key: 'cause',
            render: (_, o) => (
              <Space size={4}>
                {o.cause ?? ''}
                {o.excluded && <Tag>{t('agreements.outages.excluded')}</Tag>}
              </Space>
            ),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'act',
                  render: (_: unknown, o: Outage) =>
                    o.restoredAt ? null : (
                      <Button size="small" onClick={() => setRestoring(o)} data-testid="outage-restore">
                        {t('agreements.outages.restore')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={adding}
        title={t('agreements.outages.add')}
        onCancel={() => setAdding(false)}
        onOk={add}
        okButtonProps={{ 'data-testid': 'outage-save' } as never}
        destroyOnClose
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" data-testid="outage-form">
          {!circuitId && (
            <Form.Item name="circuitId" label={t('agreements.outages.circuit')} rules={[{ required: true }]}>
              <Select
                showSearch
                filterOption={false}
                placeholder={t('agreements.outages.circuitNumberSearch')}
                onSearch={searchCircuits}
                options={circuitOptions.map((c) => ({
                  value: c.id,
                  label: `${c.circuitNumber} · ${c.customerName}`,
                }))}
                data-testid="outage-circuit"
              />
            </Form.Item>
          )}
          <Form.Item name="startedAt" label={t('agreements.outages.startedAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" data-testid="outage-started" />
          </Form.Item>
          <Form.Item name="restoredAt" label={t('agreements.outages.restoredAt')}>
            <Input type="datetime-local" data-testid="outage-restored" />
          </Form.Item>
          <Form.Item name="cause" label={t('agreements.outages.cause')}>
            <Input />
          </Form.Item>
          <Form.Item name="excluded" valuePropName="checked">
            <Checkbox>{t('agreements.outages.excluded')}</Checkbox>
          </Form.Item>
          <Typography.Text type="secondary">Asia/Shanghai</Typography.Text>
        </Form>
      </Modal>
      <Modal
        open={restoring !== null}
        title={t('agreements.outages.restore')}
        onCancel={() => setRestoring(null)}
        onOk={restore}
        destroyOnClose
      >
        <ErrorAlert error={error} />
        <Form form={restoreForm} layout="vertical">
          <Form.Item
            name="restoredAt"
            label={t('agreements.outages.restoredAt')}
            rules={[{ required: true }]}
          >
            <Input type="datetime-local" data-testid="outage-restore-at" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
