/** Labels, tags and the countdown shared by the service-desk pages. */
import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUP_CLASSES, type GroupClass, isTier } from '../../api/customers';
import {
  type EscalationTarget,
  SEVERITIES,
  type Severity,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketStatus,
  type TicketView,
  VISIT_OUTCOMES,
} from '../../api/desk';
import { TierTag } from '../customers/tier-tag';

const isIn = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

export const STATUS_COLORS: Record<TicketStatus, string> = {
  acknowledged: 'blue',
  inProgress: 'processing',
  pending: 'gold',
  held: 'orange',
  reopened: 'magenta',
  resolved: 'green',
  closed: 'default',
  rejected: 'default',
  cancelled: 'default',
};

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: 'red',
  major: 'orange',
  minor: 'default',
};

export function statusLabel(t: TFunction, status: string): string {
  return isIn(TICKET_STATUSES, status) ? t(`desk.status.${status}`) : status;
}
export function typeLabel(t: TFunction, type: string): string {
  return isIn(TICKET_TYPES, type) ? t(`desk.type.${type}`) : type;
}
export function severityLabel(t: TFunction, severity: string | null | undefined): string {
  if (!severity) return '—';
  return isIn(SEVERITIES, severity) ? t(`desk.severity.${severity}`) : severity;
}
export function channelLabel(t: TFunction, channel: string): string {
  return isIn(TICKET_CHANNELS, channel) ? t(`desk.channel.${channel}`) : channel;
}
export function visitKindLabel(t: TFunction, kind: string): string {
  return isIn(['fault_repair', 'activation', 'complaint'] as const, kind)
    ? t(`desk.visitKind.${kind}`)
    : kind;
}
export function outcomeLabel(t: TFunction, outcome: string | null): string {
  if (!outcome) return '—';
  return isIn(VISIT_OUTCOMES, outcome) ? t(`desk.outcome.${outcome}`) : outcome;
}
export function targetLabel(t: TFunction, target: EscalationTarget | string): string {
  if (target.startsWith('department:')) return t('desk.target.department', { code: target.slice(11) });
  return isIn(['owner', 'supervisor', 'department_head', 'account_manager', 'kam_manager'] as const, target)
    ? t(`desk.target.${target}`)
    : target;
}

/** `45 分`, `2 小时 5 分`, `1 天 3 小时` of a non-negative number of minutes. */
export function formatMinutes(t: TFunction, minutes: number): string {
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  if (m < 60) return t('desk.time.minutes', { m });
  if (m < 1440) {
    return m % 60 === 0
      ? t('desk.time.hoursOnly', { h: m / 60 })
      : t('desk.time.hours', { h: Math.floor(m / 60), m: m % 60 });
  }
  const h = Math.floor((m % 1440) / 60);
  return h === 0
    ? t('desk.time.daysOnly', { d: Math.floor(m / 1440) })
    : t('desk.time.days', { d: Math.floor(m / 1440), h });
}

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_COLORS[status] ?? 'default'}
      style={{ marginInlineEnd: 0 }}
      data-testid="ticket-status"
    >
      {statusLabel(t, status)}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {severityLabel(t, severity)}
    </Tag>
  );
}

export function EscalationTag({ level }: { level: number }) {
  const { t } = useTranslation();
  if (!level) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = level >= 3 ? 'red' : level === 2 ? 'orange' : 'gold';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="escalation-tag">
      {t('desk.escalation.level', { level })}
    </Tag>
  );
}

/** A ticket's tier ("4A", "B" or null) as the customers' tier tag, with stars when known. */
export function DeskTierTag({
  tier,
  stars = null,
  groupClass = null,
}: {
  tier: string | null;
  stars?: number | null;
  groupClass?: string | null;
}) {
  const { t } = useTranslation();
  const asTier = isTier(tier) ? tier : null;
  const asClass = isIn<GroupClass>(GROUP_CLASSES, groupClass)
    ? groupClass
    : isIn<GroupClass>(GROUP_CLASSES, tier)
      ? tier
      : null;
  if (!asTier && !asClass) return <Typography.Text type="secondary">{t('desk.unrated')}</Typography.Text>;
  return <TierTag tier={asTier} stars={stars} groupClass={asClass} />;
}

/** The colour of a countdown: red once late, orange past 75 % of the limit (or within the last hour), else green. */
export function timeLeftColor(left: number, percent: number | null | undefined, breached: boolean): string {
  if (breached || left < 0) return '#cf1322';
  const near = percent !== null && percent !== undefined ? percent >= 75 : left <= 60;
  return near ? '#d46b08' : '#389e0d';
}

/** Re-renders every `ms` (the countdowns move between two polls). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * The live time left of a ticket: the server's `timeLeftMinutes` as of `fetchedAt`, counted down
 * since (frozen while the ticket is pending, when the clock is paused).
 */
export function TimeLeft({
  ticket,
  fetchedAt,
  now,
}: {
  ticket: Pick<TicketView, 'id' | 'timeLeftMinutes' | 'breached' | 'status' | 'escalationLevel'> & {
    percent?: number | null;
  };
  fetchedAt: number;
  now: number;
}) {
  const { t } = useTranslation();
  if (ticket.timeLeftMinutes === null || ticket.timeLeftMinutes === undefined) {
    return (
      <Typography.Text type="secondary" data-testid={`time-left-${ticket.id}`}>
        {ticket.status === 'pending' ? t('desk.time.paused') : t('desk.time.none')}
      </Typography.Text>
    );
  }
  const running = ticket.status !== 'pending';
  const left = ticket.timeLeftMinutes - (running ? Math.max(0, now - fetchedAt) / 60_000 : 0);
  const color = timeLeftColor(
    left,
    ticket.percent ?? (ticket.escalationLevel >= 2 ? 75 : null),
    ticket.breached,
  );
  const text =
    left < 0
      ? t('desk.time.late', { time: formatMinutes(t, -left) })
      : t('desk.time.left', { time: formatMinutes(t, left) });
  return (
    <span style={{ color, fontWeight: 500, whiteSpace: 'nowrap' }} data-testid={`time-left-${ticket.id}`}>
      {text}
    </span>
  );
}
