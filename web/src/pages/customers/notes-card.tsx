import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createNote, findNotes, NOTE_KINDS, type Note, type NoteKind } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';

const DATE_FORMAT = 'YYYY-MM-DD';
const KIND_COLORS: Record<NoteKind, string> = {
  event: 'blue',
  competitor: 'red',
  strategy: 'green',
  finance: 'gold',
};

type Values = { kind: NoteKind; day: Dayjs; title: string; body?: string; competitor?: string };

function NoteForm({ customerId, onSaved }: { customerId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issuesPlaced, setIssuesPlaced] = useState(false);

  const handleFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await createNote(customerId, {
        kind: values.kind,
        day: values.day.format(DATE_FORMAT),
        title: values.title.trim(),
        body: values.body?.trim() || null,
        competitor: values.kind === 'competitor' ? values.competitor?.trim() || null : null,
      });
      message.success(t('customers.notes.saved'));
      form.resetFields();
      onSaved();
    } catch (caught) {
      setIssuesPlaced(applyFieldIssues(form, caught, ['kind', 'day', 'title', 'body', 'competitor']));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('customers.notes.add')}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={handleFinish}
        initialValues={{ kind: 'event', day: dayjs() }}
        data-testid="note-form"
      >
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name="kind" label={t('customers.notes.kind')} rules={[{ required: true }]}>
              <Select
                options={NOTE_KINDS.map((k) => ({ value: k, label: t(`customers.notes.kinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="day"
              label={t('customers.notes.day')}
              rules={[{ required: true, message: t('customers.required') }]}
            >
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={kind === 'competitor' ? 6 : 12}>
            <Form.Item
              name="title"
              label={t('customers.notes.title')}
              rules={[{ required: true, whitespace: true, message: t('customers.required') }]}
            >
              <Input data-testid="note-title" />
            </Form.Item>
          </Col>
          {kind === 'competitor' && (
            <Col xs={24} md={6}>
              <Form.Item name="competitor" label={t('customers.notes.competitor')}>
                <Input />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="body" label={t('customers.notes.body')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
        </Row>
        <ErrorAlert error={error} showFieldIssues={!issuesPlaced} />
        <Button
          type="primary"
          htmlType="submit"
          icon={<PlusOutlined />}
          loading={busy}
          data-testid="note-submit"
        >
          {t('customers.notes.add')}
        </Button>
      </Form>
    </Card>
  );
}

function NoteItem({ note }: { note: Note }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <Space size={6} wrap>
        <Typography.Text type="secondary">{note.day}</Typography.Text>
        <Tag color={KIND_COLORS[note.kind]}>{t(`customers.notes.kinds.${note.kind}`)}</Tag>
        {note.competitor && <Tag>{note.competitor}</Tag>}
        <Typography.Text strong>{note.title}</Typography.Text>
      </Space>
      {note.body && (
        <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
          {note.body}
        </Typography.Paragraph>
      )}
      {note.authorName && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('customers.notes.author', { name: note.authorName })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** Major events and competitor information as a dated timeline, newest first, with an add form. */
export function NotesCard({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<NoteKind | 'all'>('all');
  const notes = useApi(
    (signal) => findNotes(customerId, kind === 'all' ? undefined : kind, signal),
    [customerId, kind],
  );
  const items = [...(notes.data ?? [])].sort(
    (a, b) => b.day.localeCompare(a.day) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="customer-notes">
      {canEdit && <NoteForm customerId={customerId} onSaved={notes.reload} />}
      <Segmented
        value={kind}
        onChange={(value) => setKind(value as NoteKind | 'all')}
        options={[
          { value: 'all', label: t('customers.notes.all') },
          ...NOTE_KINDS.map((k) => ({ value: k, label: t(`customers.notes.kinds.${k}`) })),
        ]}
      />
      <ErrorAlert error={notes.error} />
      {notes.loading && !notes.data ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description={t('customers.notes.empty')} />
      ) : (
        <Timeline
          items={items.map((note) => ({
            key: note.id,
            color: KIND_COLORS[note.kind],
            children: <NoteItem note={note} />,
          }))}
        />
      )}
    </Space>
  );
}
