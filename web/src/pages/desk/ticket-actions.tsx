import { App, Button, Card, Divider, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addTicketNote,
  assignTicket,
  changeTicketSeverity,
  changeTicketStatus,
  findTicketAssignees,
  moveTicketStage,
  REASON_REQUIRED,
  SEVERITIES,
  type Severity,
  type TicketDetail,
  type TicketStatus,
} from '../../api/desk';
import type { Role } from '../../api/types';
import { useApi } from '../../api/use-api';
import { findUsers } from '../../api/users';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldIssues } from '../../components/form-errors';
import { severityLabel, statusLabel } from './desk-labels';

export const WORK_ROLES: readonly Role[] = ['admin', 'kam_manager', 'frontdesk', 'ops_engineer'];
/** The roles that only read (PRODUCT.md "Who uses it"): no note either. */
const READ_ONLY_ROLES: readonly Role[] = ['analyst', 'auditor'];
const CLOSED: readonly TicketStatus[] = ['closed', 'cancelled', 'rejected'];

const STATUS_BUTTON: Partial<Record<TicketStatus, 'primary' | 'danger'>> = {
  inProgress: 'primary',
  resolved: 'primary',
  closed: 'primary',
  rejected: 'danger',
  cancelled: 'danger',
};

/** Asks for the reason of a status change (required for rejected, cancelled, held, pending, reopened). */
function StatusModal({
  ticket,
  status,
  onClose,
  onDone,
}: {
  ticket: TicketDetail;
  status: TicketStatus | null;
  onClose: () => void;
  onDone: (status: TicketStatus) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const required = status !== null && REASON_REQUIRED.includes(status);
  const submit = async ({ reason }: { reason?: string }) => {
    if (!status) return;
    setBusy(true);
    setError(null);
    try {
      await changeTicketStatus(ticket.id, { status, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
      onDone(status);
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['reason'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={status !== null}
      title={status ? t('desk.ticket.toStatus', { status: statusLabel(t, status) }) : ''}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'status-submit' }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="reason"
          label={required ? t('desk.ticket.reason') : t('desk.ticket.reasonOptional')}
          rules={
            required ? [{ required: true, whitespace: true, message: t('desk.ticket.reasonRequired') }] : []
          }
        >
          <Input.TextArea autoSize={{ minRows: 2 }} autoFocus data-testid="status-reason" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}

/**
 * What the user may do with the ticket: the status changes the lifecycle allows now, hand-off to
 * the next (or any) stage of the route, assignment, a new severity (with a reason: its limits and
 * priority are recomputed), and a note (anyone who can read it but the read-only roles).
 */
export function TicketActions({
  ticket,
  role,
  userId,
  onChanged,
}: {
  ticket: TicketDetail;
  role: Role;
  userId: string;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<TicketStatus | null>(null);
  const [stageCode, setStageCode] = useState<string>();
  const [severity, setSeverity] = useState<Severity>();
  const [severityReason, setSeverityReason] = useState('');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canWork = WORK_ROLES.includes(role);
  const canNote = !READ_ONLY_ROLES.includes(role);
  const users = useApi(
    (signal) => (role === 'admin' ? findUsers(signal).then((p) => p.items) : Promise.resolve([])),
    [role],
  );
  // the department holding the ticket: its people are offered first (to anyone who may assign)
  const team = useApi(
    (signal) =>
      canWork && !CLOSED.includes(ticket.status)
        ? findTicketAssignees(ticket.id, signal)
        : Promise.resolve(null),
    [ticket.id, ticket.departmentCode, ticket.status, canWork],
  );
  const teamIds = new Set((team.data?.users ?? []).map((u) => u.id));
  const assigneeOptions = [
    ...(team.data && team.data.users.length > 0
      ? [
          {
            label: team.data.departmentName ?? team.data.departmentCode,
            options: team.data.users.map((u) => ({
              value: u.id,
              label: `${u.displayName} (${u.username})${u.isHead ? ` · ${t('desk.ticket.departmentHead')}` : ''}`,
            })),
          },
        ]
      : []),
    ...(role === 'admin'
      ? [
          {
            label: t('desk.ticket.everyone'),
            options: (users.data ?? [])
              .filter((u) => u.active && !teamIds.has(u.id))
              .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
          },
        ]
      : []),
  ];

  if (!canWork && !canNote) return null; // analyst, auditor: the ticket is read only

  const open = !CLOSED.includes(ticket.status);
  const index = ticket.route.findIndex((s) => s.code === ticket.stageCode);
  const next = index >= 0 ? ticket.route[index + 1] : undefined;
  const stageName = (s: { name: string; nameEn: string }) =>
    i18n.language.startsWith('zh') ? s.name : s.nameEn;
  const waitingVisit =
    ticket.status === 'resolved' &&
    !ticket.allowedTransitions.includes('closed') &&
    ticket.visits.some((v) => v.status === 'open');

  const run = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(null);
    try {
      await action();
      message.success(done);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const handOff = (code: string) => {
    const target = ticket.route.find((s) => s.code === code);
    return run(
      'stage',
      () => moveTicketStage(ticket.id, { stageCode: code }),
      t('desk.ticket.handOffDone', { stage: target ? stageName(target) : code }),
    );
  };

  return (
    <Card size="small" title={t('desk.ticket.actions')} data-testid="ticket-actions">
      <Space direction="vertical" style={{ width: '100%' }}>
        {canWork && (
          <>
            <Typography.Text type="secondary">{t('desk.ticket.changeStatus')}</Typography.Text>
            {ticket.allowedTransitions.length === 0 ? (
              <Typography.Text type="secondary">{t('desk.ticket.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {ticket.allowedTransitions.map((s) => (
                  <Button
                    key={s}
                    type={STATUS_BUTTON[s] === 'primary' ? 'primary' : 'default'}
                    danger={STATUS_BUTTON[s] === 'danger'}
                    onClick={() => setStatus(s)}
                    data-testid={`to-${s}`}
                  >
                    {statusLabel(t, s)}
                  </Button>
                ))}
              </Space>
            )}
            {waitingVisit && (
              <Typography.Text type="warning" data-testid="waiting-visit">
                {t('desk.ticket.waitingVisit')}
              </Typography.Text>
            )}
            {open && ticket.route.length > 1 && (
              <>
                <Divider style={{ margin: '8px 0' }} />
                <Space wrap>
                  {next && (
                    <Button
                      type="primary"
                      ghost
                      loading={busy === 'stage'}
                      onClick={() => handOff(next.code)}
                      data-testid="hand-off-next"
                    >
                      {t('desk.ticket.handOff')} → {stageName(next)}
                    </Button>
                  )}
                  <Select
                    placeholder={t('desk.ticket.handOffTo')}
                    style={{ width: 200 }}
                    value={stageCode}
                    onChange={setStageCode}
                    options={ticket.route.map((s) => ({
                      value: s.code,
                      disabled: s.code === ticket.stageCode,
                      label: `${stageName(s)} · ${s.departmentName ?? s.departmentCode}${
                        s.code === ticket.stageCode ? ` (${t('desk.ticket.currentStage')})` : ''
                      }`,
                    }))}
                    data-testid="hand-off-select"
                  />
                  <Button
                    disabled={!stageCode}
                    loading={busy === 'stage'}
                    onClick={() => stageCode && handOff(stageCode)}
                  >
                    {t('desk.ticket.handOffTo')}
                  </Button>
                </Space>
              </>
            )}
            {open && (
              <>
                <Divider style={{ margin: '8px 0' }} />
                <Space wrap>
                  <Typography.Text type="secondary">{t('desk.ticket.assign')}</Typography.Text>
                  {ticket.assigneeId !== userId && (
                    <Button
                      loading={busy === 'assign'}
                      onClick={() =>
                        run('assign', () => assignTicket(ticket.id, userId), t('desk.ticket.assigned'))
                      }
                      data-testid="assign-me"
                    >
                      {t('desk.ticket.assignToMe')}
                    </Button>
                  )}
                  {ticket.assigneeId && (
                    <Button
                      loading={busy === 'assign'}
                      onClick={() =>
                        run('assign', () => assignTicket(ticket.id, null), t('desk.ticket.assigned'))
                      }
                    >
                      {t('desk.ticket.unassign')}
                    </Button>
                  )}
                  {assigneeOptions.length > 0 && (
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder={t('desk.ticket.assignee2')}
                      style={{ width: 240 }}
                      popupMatchSelectWidth={false}
                      value={null}
                      onChange={(id: string) =>
                        run('assign', () => assignTicket(ticket.id, id), t('desk.ticket.assigned'))
                      }
                      options={assigneeOptions}
                      data-testid="assignee-select"
                    />
                  )}
                </Space>
              </>
            )}
            {open && ticket.status !== 'resolved' && (
              <>
                <Divider style={{ margin: '8px 0' }} />
                <Space wrap>
                  <Typography.Text type="secondary">{t('desk.ticket.changeSeverity')}</Typography.Text>
                  <Select
                    style={{ width: 120 }}
                    value={severity ?? ticket.severity}
                    onChange={setSeverity}
                    options={SEVERITIES.map((s) => ({ value: s, label: severityLabel(t, s) }))}
                    data-testid="severity-select"
                  />
                  {severity && severity !== ticket.severity && (
                    <>
                      <Input
                        style={{ width: 280 }}
                        placeholder={t('desk.ticket.severityReason')}
                        value={severityReason}
                        onChange={(e) => setSeverityReason(e.target.value)}
                        data-testid="severity-reason"
                      />
                      <Button
                        type="primary"
                        ghost
                        disabled={!severityReason.trim()}
                        loading={busy === 'severity'}
                        onClick={() =>
                          run(
                            'severity',
                            async () => {
                              await changeTicketSeverity(ticket.id, {
                                severity,
                                reason: severityReason.trim(),
                              });
                              setSeverity(undefined);
                              setSeverityReason('');
                            },
                            t('desk.ticket.severityChanged', { severity: severityLabel(t, severity) }),
                          )
                        }
                        data-testid="severity-submit"
                      >
                        {t('common.save')}
                      </Button>
                    </>
                  )}
                </Space>
              </>
            )}
            <Divider style={{ margin: '8px 0' }} />
          </>
        )}
        {canNote && (
          <>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              placeholder={t('desk.ticket.note')}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                setNoteError(null);
              }}
              status={noteError ? 'error' : undefined}
              data-testid="note-text"
            />
            {noteError && <Typography.Text type="danger">{noteError}</Typography.Text>}
            <Button
              loading={busy === 'note'}
              onClick={() => {
                if (!note.trim()) {
                  setNoteError(t('desk.ticket.noteRequired'));
                  return;
                }
                void run(
                  'note',
                  async () => {
                    await addTicketNote(ticket.id, note.trim());
                    setNote('');
                  },
                  t('desk.ticket.noteAdded'),
                );
              }}
              data-testid="note-submit"
            >
              {t('desk.ticket.addNote')}
            </Button>
          </>
        )}
        <ErrorAlert error={error} onClose={() => setError(null)} />
      </Space>
      <StatusModal
        ticket={ticket}
        status={status}
        onClose={() => setStatus(null)}
        onDone={(s) => {
          setStatus(null);
          message.success(t('desk.ticket.statusChanged', { status: statusLabel(t, s) }));
          onChanged();
        }}
      />
    </Card>
  );
}
