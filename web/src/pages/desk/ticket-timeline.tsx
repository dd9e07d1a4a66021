import {
  AlertOutlined,
  ClockCircleOutlined,
  EditOutlined,
  PhoneOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Card, Space, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockView, EventView, TicketDetail } from '../../api/desk';
import { formatInstant } from '../../format';
import { outcomeLabel, STATUS_COLORS, statusLabel, targetLabel, visitKindLabel } from './desk-labels';

type Entry = { key: string; at: string; color: string; dot?: ReactNode; body: ReactNode; testId: string };

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

function eventBody(t: TFunction, e: EventView, ticket: TicketDetail, language: string): ReactNode {
  const stage = ticket.route.find((s) => s.code === e.stageCode);
  const stageName = stage ? (language.startsWith('zh') ? stage.name : stage.nameEn) : e.stageCode;
  const data = e.data ?? {};
  let title: string;
  switch (e.kind) {
    case 'created':
      title = t('desk.event.created');
      break;
    case 'status':
      title = t('desk.event.status', { status: statusLabel(t, e.status) });
      break;
    case 'stage':
      title = t('desk.event.stage', {
        stage: stageName,
        department: stage?.departmentName ?? e.departmentCode,
      });
      break;
    case 'assign': {
      const name = str(data.assigneeName) ?? str(data.name);
      title =
        data.assigneeId === null || (!name && !data.assigneeId)
          ? t('desk.event.unassign')
          : t('desk.event.assign', { name: name ?? String(data.assigneeId) });
      break;
    }
    case 'note':
      title = t('desk.event.note');
      break;
    default:
      title = (['escalation', 'visit', 'sla', 'attribute'] as const).includes(e.kind as 'sla')
        ? t(`desk.event.${e.kind as 'sla'}`)
        : e.kind;
  }
  const text = e.kind === 'note' ? (str(data.text) ?? e.reason) : e.reason;
  return (
    <Space direction="vertical" size={0}>
      <Space size={6} wrap>
        <Typography.Text strong>{title}</Typography.Text>
        {e.kind !== 'status' && e.kind !== 'note' && (
          <Tag color={STATUS_COLORS[e.status]} style={{ marginInlineEnd: 0 }}>
            {statusLabel(t, e.status)}
          </Tag>
        )}
      </Space>
      {text && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatInstant(e.at)} · {e.actorName}
      </Typography.Text>
    </Space>
  );
}

const EVENT_ICONS: Record<string, ReactNode> = {
  stage: <SwapOutlined />,
  assign: <UserOutlined />,
  note: <EditOutlined />,
};

/**
 * The ticket's history in one line of time: status, stage, assignment and note events, the
 * escalations fired (level, threshold, who was notified) and the return visits.
 */
export function TicketTimeline({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const clockName = (code: string) => {
    const c: ClockView | undefined = ticket.clocks.find((x) => x.definitionCode === code);
    if (!c) return code;
    return i18n.language.startsWith('zh') ? c.name : c.nameEn;
  };
  const entries: Entry[] = [];
  for (const e of ticket.events) {
    if (e.kind === 'escalation') continue; // shown from the escalation records, with recipients
    entries.push({
      key: `e${e.id}`,
      at: e.at,
      color: e.kind === 'status' ? (STATUS_COLORS[e.status] === 'default' ? 'gray' : 'blue') : 'gray',
      dot: EVENT_ICONS[e.kind],
      body: eventBody(t, e, ticket, i18n.language),
      testId: `timeline-event-${e.kind}`,
    });
  }
  const pending: typeof ticket.escalations = [];
  for (const x of ticket.escalations) {
    if (!x.firedAt) {
      pending.push(x);
      continue;
    }
    const names =
      x.recipients.length > 0 ? x.recipients.map((r) => r.name) : x.notify.map((n) => targetLabel(t, n));
    entries.push({
      key: `x${x.id}`,
      at: x.firedAt,
      color: x.thresholdPercent >= 100 ? 'red' : 'orange',
      dot: <AlertOutlined />,
      testId: 'timeline-escalation',
      body: (
        <Space direction="vertical" size={0}>
          <Typography.Text strong type={x.thresholdPercent >= 100 ? 'danger' : 'warning'}>
            {t('desk.event.escalationFired', {
              name: clockName(x.definitionCode),
              percent: x.thresholdPercent,
              level: x.level,
            })}
          </Typography.Text>
          {names.length > 0 && (
            <Typography.Text>{t('desk.event.notified', { names: names.join('、') })}</Typography.Text>
          )}
          {x.reassignedTo && (
            <Typography.Text>{t('desk.event.reassignedTo', { department: x.reassignedTo })}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatInstant(x.firedAt)}
          </Typography.Text>
        </Space>
      ),
    });
  }
  for (const v of ticket.visits) {
    const done = v.status === 'done' && v.doneAt;
    entries.push({
      key: `v${v.id}`,
      at: done ? (v.doneAt as string) : v.dueAt,
      color: v.outcome === 'dissatisfied' ? 'red' : done ? 'green' : v.overdue ? 'red' : 'gray',
      dot: <PhoneOutlined />,
      testId: 'timeline-visit',
      body: (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>
            {done
              ? t('desk.event.visitDone', {
                  kind: visitKindLabel(t, v.kind),
                  outcome: outcomeLabel(t, v.outcome),
                })
              : t('desk.event.visitDue', { kind: visitKindLabel(t, v.kind), at: formatInstant(v.dueAt) })}
            {v.score ? ` · ${'★'.repeat(v.score)}` : ''}
          </Typography.Text>
          {v.note && <Typography.Text>{v.note}</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {done ? `${formatInstant(v.doneAt)} · ${v.doneBy ?? ''}` : (v.visitorName ?? '')}
          </Typography.Text>
        </Space>
      ),
    });
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const items = [
    ...entries.map((e) => ({
      key: e.key,
      color: e.color,
      dot: e.dot,
      children: <div data-testid={e.testId}>{e.body}</div>,
    })),
    ...pending
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
      .map((x) => ({
        key: `p${x.id}`,
        color: 'gray',
        dot: <ClockCircleOutlined />,
        children: (
          <Typography.Text type="secondary" data-testid="timeline-escalation-pending">
            {t('desk.event.escalationPending', {
              name: clockName(x.definitionCode),
              percent: x.thresholdPercent,
              level: x.level,
              at: formatInstant(x.dueAt),
            })}
          </Typography.Text>
        ),
      })),
  ];
  return (
    <Card size="small" title={t('desk.ticket.timeline')} data-testid="ticket-timeline">
      <Timeline items={items} style={{ marginTop: 8 }} />
    </Card>
  );
}
