import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { findAccountManagers } from '../../api/customers';
import {
  ACTION_STATUSES,
  type ActionStatus,
  type Attendee,
  addMeetingAction,
  createMeeting,
  findCustomerMeetings,
  findReports,
  type Meeting,
  type MeetingAction,
  updateMeetingAction,
} from '../../api/reports';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { canWriteReports, GenerateReportModal } from './report-parts';
import { ReportTable } from './reports-page';

/**
 * Parses attendee lines "客户 李主任 信息中心主任" / "我方 王经理 客户经理" (also customer/operator):
 * the first word is the side, the second the name, the rest the position.
 */
export function parseAttendees(text: string): Attendee[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [first = '', ...rest] = line.split(/\s+/);
      const side: Attendee['side'] | null = /^(客户|customer)$/i.test(first)
        ? 'customer'
        : /^(我方|operator)$/i.test(first)
          ? 'operator'
          : null;
      const words = side ? rest : [first, ...rest];
      const [name = '', ...position] = words;
      const attendee: Attendee = { side: side ?? 'customer', name, position: position.join(' ') || null };
      return attendee;
    })
    .filter((a) => a.name);
}

const toDate = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function MeetingModal({
  customerId,
  open,
  onClose,
  onDone,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    heldOn: Dayjs;
    place?: string;
    topic: string;
    attendees?: string;
    minutes?: string;
  }>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await createMeeting(customerId, {
        heldOn: toDate(v.heldOn) ?? '',
        place: v.place || null,
        topic: v.topic,
        attendees: parseAttendees(v.attendees ?? ''),
        minutes: v.minutes || null,
      });
      form.resetFields();
      onDone();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['heldOn', 'place', 'topic', 'minutes'])) setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('reports.meetings.add')}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: saving, 'data-testid': 'meeting-submit' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="heldOn" label={t('reports.meetings.heldOn')} rules={[{ required: true }]}>
          <DatePicker data-testid="meeting-date" />
        </Form.Item>
        <Form.Item
          name="topic"
          label={t('reports.meetings.topic')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="meeting-topic" />
        </Form.Item>
        <Form.Item name="place" label={t('reports.meetings.place')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="attendees"
          label={t('reports.meetings.attendees')}
          extra={t('reports.meetings.attendeesHint')}
        >
          <Input.TextArea rows={3} data-testid="meeting-attendees" />
        </Form.Item>
        <Form.Item name="minutes" label={t('reports.meetings.minutes')}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActionModal({
  meeting,
  onClose,
  onDone,
}: {
  meeting: Meeting | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ title: string; ownerId?: string; ownerName?: string; dueDate?: Dayjs }>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const managers = useApi(
    (signal) => (meeting ? findAccountManagers(signal) : Promise.resolve([])),
    [meeting?.id],
  );
  const submit = async () => {
    if (!meeting) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await addMeetingAction(meeting.id, {
        title: v.title,
        ownerId: v.ownerId ?? null,
        ownerName: v.ownerName || null,
        dueDate: toDate(v.dueDate),
      });
      form.resetFields();
      onDone();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['title', 'ownerId', 'ownerName', 'dueDate'])) setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={meeting !== null}
      title={`${t('reports.meetings.addAction')} · ${meeting?.topic ?? ''}`}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: saving, 'data-testid': 'action-submit' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="title"
          label={t('reports.meetings.actionTitle')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="action-title" />
        </Form.Item>
        <Form.Item name="ownerId" label={t('reports.meetings.ownerUser')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(managers.data ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
          />
        </Form.Item>
        <Form.Item name="ownerName" label={t('reports.meetings.ownerName')}>
          <Input data-testid="action-owner-name" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('reports.meetings.dueDate')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActionsTable({
  meeting,
  canWrite,
  userId,
  onChanged,
}: {
  meeting: Meeting;
  canWrite: boolean;
  userId: string | null;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const setStatus = async (action: MeetingAction, status: ActionStatus) => {
    setError(null);
    try {
      await updateMeetingAction(action.id, { status });
      message.success(t('reports.meetings.saved'));
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  };
  const color: Record<ActionStatus, string> = { open: 'blue', done: 'green', dropped: 'default' };
  const columns: TableColumnsType<MeetingAction> = [
    { title: t('reports.meetings.actionTitle'), dataIndex: 'title' },
    {
      title: t('reports.meetings.owner'),
      dataIndex: 'ownerName',
      width: 140,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('reports.meetings.dueDate'),
      key: 'due',
      width: 150,
      render: (_, a) => (
        <Space size={4}>
          {a.dueDate ?? '—'}
          {a.overdue && <Tag color="red">{t('reports.meetings.overdue')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('reports.meetings.status'),
      key: 'status',
      width: 160,
      render: (_, a) =>
        canWrite || (userId !== null && a.ownerId === userId) ? (
          <Select<ActionStatus>
            size="small"
            value={a.status}
            onChange={(s) => setStatus(a, s)}
            options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`reports.actionStatus.${s}`) }))}
            style={{ width: 110 }}
            data-testid={`action-status-${a.id}`}
          />
        ) : (
          <Tag color={color[a.status]}>{t(`reports.actionStatus.${a.status}`)}</Tag>
        ),
    },
  ];
  return (
    <>
      <ErrorAlert error={error} />
      <Table<MeetingAction>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={meeting.actions}
        pagination={false}
      />
    </>
  );
}

/** The customer page's `reports` tab: the customer's operating reports and joint meetings. */
export function CustomerReportsPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const canWrite = canWriteReports(user);
  const reports = useApi(
    (signal) => findReports({ customerId }, { limit: 50, offset: 0 }, signal),
    [customerId],
  );
  const meetings = useApi((signal) => findCustomerMeetings(customerId, signal), [customerId]);
  const [generating, setGenerating] = useState(false);
  const [addingMeeting, setAddingMeeting] = useState(false);
  const [actionFor, setActionFor] = useState<Meeting | null>(null);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('reports.title')}
        extra={
          canWrite && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setGenerating(true)}
              data-testid="customer-generate"
            >
              {t('reports.generate')}
            </Button>
          )
        }
      >
        <ErrorAlert error={reports.error} />
        <ReportTable
          reports={reports.data?.items ?? []}
          loading={reports.loading && !reports.data}
          canWrite={canWrite}
          onSent={reports.reload}
          showCustomer={false}
        />
      </Card>
      <Card
        size="small"
        title={t('reports.meetings.title')}
        extra={
          canWrite && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setAddingMeeting(true)}
              data-testid="meeting-add"
            >
              {t('reports.meetings.add')}
            </Button>
          )
        }
        data-testid="meetings"
      >
        <ErrorAlert error={meetings.error} />
        {meetings.data && meetings.data.length === 0 ? (
          <Empty description={t('reports.meetings.none')} />
        ) : (
          <List<Meeting>
            loading={meetings.loading && !meetings.data}
            dataSource={meetings.data ?? []}
            renderItem={(m) => (
              <List.Item key={m.id} data-testid={`meeting-${m.id}`} style={{ display: 'block' }}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                    <Typography.Text strong>
                      {m.heldOn} · {m.topic}
                      {m.place ? ` · ${m.place}` : ''}
                    </Typography.Text>
                    {canWrite && (
                      <Button size="small" onClick={() => setActionFor(m)} data-testid={`action-add-${m.id}`}>
                        {t('reports.meetings.addAction')}
                      </Button>
                    )}
                  </Space>
                  {m.attendees.length > 0 && (
                    <Typography.Text type="secondary">
                      {t('reports.meetings.attendees')}：
                      {m.attendees
                        .map(
                          (a) =>
                            `${a.side === 'customer' ? t('reports.meetings.customerSide') : t('reports.meetings.operatorSide')} ${a.name}${a.position ? `（${a.position}）` : ''}`,
                        )
                        .join('，')}
                    </Typography.Text>
                  )}
                  {m.minutes && (
                    <Typography.Paragraph
                      style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
                      ellipsis={{ rows: 3, expandable: true }}
                    >
                      {m.minutes}
                    </Typography.Paragraph>
                  )}
                  <ActionsTable
                    meeting={m}
                    canWrite={canWrite}
                    userId={user?.id ?? null}
                    onChanged={meetings.reload}
                  />
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <GenerateReportModal
        open={generating}
        customerId={customerId}
        onClose={() => setGenerating(false)}
        onDone={(report) => {
          setGenerating(false);
          navigate(`/reports/${report.id}`);
        }}
      />
      <MeetingModal
        customerId={customerId}
        open={addingMeeting}
        onClose={() => setAddingMeeting(false)}
        onDone={() => {
          setAddingMeeting(false);
          meetings.reload();
        }}
      />
      <ActionModal
        meeting={actionFor}
        onClose={() => setActionFor(null)}
        onDone={() => {
          setActionFor(null);
          meetings.reload();
        }}
      />
    </Space>
  );
}
