import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditFilter, findAuditEntries } from '../../api/audit';
import type { AuditEntry } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { endOfDayAt, formatInstant, startOfDayAt } from '../../format';

type FilterForm = {
  entity?: string;
  entityId?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

/** Form values → query: trimmed text, and whole Shanghai days for the date range. */
function toFilter(values: FilterForm): AuditFilter {
  const [from, to] = values.range ?? [null, null];
  return {
    entity: values.entity?.trim() || undefined,
    entityId: values.entityId?.trim() || undefined,
    actor: values.actor?.trim() || undefined,
    from: from ? startOfDayAt(from.format('YYYY-MM-DD')) : undefined,
    to: to ? endOfDayAt(to.format('YYYY-MM-DD')) : undefined,
  };
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <pre
        style={{
          margin: '4px 0 0',
          padding: 8,
          maxHeight: 360,
          overflow: 'auto',
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 4,
          fontSize: 12,
        }}
      >
        {value === null || value === undefined ? t('audit.empty') : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** Admin and auditor: the append-only change log, filtered and paged by the server. */
export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });

  const entries = useApi(
    (signal) => findAuditEntries(filter, page.pageSize, (page.current - 1) * page.pageSize, signal),
    [filter, page],
  );

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatInstant(at) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      render: (name: string, entry) => name || entry.actorId || t('common.none'),
    },
    { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <Tag>{action}</Tag> },
    { title: t('audit.entity'), dataIndex: 'entity' },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
    },
    {
      title: t('audit.reason'),
      dataIndex: 'reason',
      ellipsis: true,
      render: (reason: string | null) => reason || t('common.none'),
    },
  ];

  return (
    <Card title={t('audit.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Form<FilterForm>
          form={form}
          layout="inline"
          style={{ rowGap: 8 }}
          onFinish={(values) => {
            setFilter(toFilter(values));
            setPage((p) => ({ ...p, current: 1 }));
          }}
        >
          <Form.Item name="entity" label={t('audit.entity')}>
            <Input allowClear style={{ width: 140 }} data-testid="audit-entity" />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.dateRange')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                  setPage((p) => ({ ...p, current: 1 }));
                }}
              >
                {t('common.reset')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={entries.reload} aria-label={t('common.refresh')} />
            </Space>
          </Form.Item>
        </Form>
        <ErrorAlert error={entries.error} />
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          loading={entries.loading}
          columns={columns}
          dataSource={entries.data?.items ?? []}
          data-testid="audit-table"
          expandable={{
            expandedRowRender: (entry) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <JsonBlock title={t('audit.before')} value={entry.before} />
                  </Col>
                  <Col xs={24} md={12}>
                    <JsonBlock title={t('audit.after')} value={entry.after} />
                  </Col>
                </Row>
                {entry.requestId && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('audit.requestId')}: {entry.requestId}
                  </Typography.Text>
                )}
              </Space>
            ),
          }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, pageSize) =>
              setPage((p) => ({ current: pageSize === p.pageSize ? current : 1, pageSize })),
          }}
        />
      </Space>
    </Card>
  );
}
