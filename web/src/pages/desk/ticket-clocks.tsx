import { Card, Empty, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockView } from '../../api/desk';
import { formatInstant } from '../../format';
import { levelShort } from '../catalog/catalog-format';
import { EscalationTag, formatMinutes, severityLabel } from './desk-labels';

/** "4A · circuit_fault · 严重 ×0.5": where a clock's limit came from. */
export function explainLimit(t: TFunction, clock: ClockView): string {
  const s = clock.limitSource;
  if (!s) return '';
  const params = {
    level: s.level ? levelShort(t, s.level) : t('desk.unrated'),
    item: s.itemCode ?? '',
    severity: severityLabel(t, s.severity),
    factor: s.factor ?? 1,
  };
  const text =
    s.kind === 'entitlement'
      ? t('desk.clock.sourceEntitlement', params)
      : s.kind === 'byLevel'
        ? t('desk.clock.sourceByLevel', params)
        : t('desk.clock.sourceFallback', params);
  return s.wording ? `${text}(${s.wording})` : text;
}

function clockColor(clock: ClockView): string {
  if (clock.breached) return '#cf1322';
  if (clock.percent >= 75) return '#fa8c16';
  return '#52c41a';
}

/** One clock: a progress bar with its stage, remaining time, target, limit, cycle and limit source. */
export function ClockCard({ clock }: { clock: ClockView }) {
  const { t, i18n } = useTranslation();
  const name = i18n.language.startsWith('zh') ? clock.name : clock.nameEn;
  const stageColor =
    clock.stage === 'inProgress'
      ? 'processing'
      : clock.stage === 'paused'
        ? 'gold'
        : clock.stage === 'completed'
          ? 'green'
          : 'default';
  const remaining =
    clock.remainingMinutes >= 0
      ? t('desk.clock.remaining', { time: formatMinutes(t, clock.remainingMinutes) })
      : t('desk.clock.over', { time: formatMinutes(t, -clock.remainingMinutes) });
  return (
    <div data-testid={`clock-${clock.definitionCode}-${clock.cycle}`} style={{ marginBottom: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space size={6} wrap>
          <Typography.Text strong>{name}</Typography.Text>
          <Tag color={clock.kind === 'customer' ? 'purple' : 'cyan'} style={{ marginInlineEnd: 0 }}>
            {t(`desk.clockKind.${clock.kind}`)}
          </Tag>
          {clock.measure && (
            <Tooltip title={t(`desk.measure.${clock.measure}Hint`)}>
              <Tag
                color={clock.measure === 'response' ? 'geekblue' : undefined}
                style={{ marginInlineEnd: 0 }}
                data-testid="clock-measure"
              >
                {t(`desk.measure.${clock.measure}`)}
              </Tag>
            </Tooltip>
          )}
          <Tag style={{ marginInlineEnd: 0 }}>{t(`desk.clockType.${clock.clock}`)}</Tag>
          {clock.kind === 'internal' && clock.cycle > 1 && (
            <Tag style={{ marginInlineEnd: 0 }}>{t('desk.clock.cycle', { cycle: clock.cycle })}</Tag>
          )}
          <Tag color={stageColor} style={{ marginInlineEnd: 0 }} data-testid="clock-stage">
            {t(`desk.clockStage.${clock.stage}`)}
          </Tag>
          {clock.breached && (
            <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="clock-breached">
              {t('desk.breached')}
            </Tag>
          )}
          {clock.escalationLevel > 0 && <EscalationTag level={clock.escalationLevel} />}
        </Space>
        {(clock.stage === 'inProgress' || clock.stage === 'paused' || clock.remainingMinutes < 0) && (
          <Typography.Text
            style={{ color: clockColor(clock), fontWeight: 500 }}
            data-testid="clock-remaining"
          >
            {remaining}
          </Typography.Text>
        )}
      </Space>
      <Progress
        percent={Math.min(100, Math.round(clock.percent))}
        format={() => `${Math.round(clock.percent)}%`}
        strokeColor={clockColor(clock)}
        status={clock.stage === 'inProgress' ? 'active' : 'normal'}
        size="small"
        aria-label={name}
      />
      <Space size={16} wrap style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">
          {t('desk.clock.limit', { time: formatMinutes(t, clock.limitMinutes) })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('desk.clock.elapsed', { time: formatMinutes(t, clock.elapsedMinutes) })}
        </Typography.Text>
        {clock.targetAt && (
          <Typography.Text type="secondary">
            {t('desk.clock.target', { at: formatInstant(clock.targetAt) })}
          </Typography.Text>
        )}
        {clock.provisional && (
          <Tooltip title={t('desk.clock.provisionalHint')}>
            <Tag color="warning" data-testid={`clock-provisional-${clock.id}`}>
              {t('desk.clock.provisional')}
            </Tag>
          </Tooltip>
        )}
        {clock.breachedAt && (
          <Typography.Text type="danger">
            {t('desk.clock.breachedAt', { at: formatInstant(clock.breachedAt) })}
          </Typography.Text>
        )}
        {clock.stoppedAt && (
          <Typography.Text type="secondary">
            {t('desk.clock.stoppedAt', { at: formatInstant(clock.stoppedAt) })}
          </Typography.Text>
        )}
        <Tooltip title={t('desk.clock.source')}>
          <Typography.Text type="secondary" data-testid="clock-source">
            {explainLimit(t, clock)}
          </Typography.Text>
        </Tooltip>
      </Space>
    </div>
  );
}

/** The ticket's SLA clocks: running first, then the finished ones. */
export function ClocksCard({ clocks, extra }: { clocks: ClockView[]; extra?: ReactNode }) {
  const { t } = useTranslation();
  const order = { inProgress: 0, paused: 1, completed: 2, cancelled: 3 } as const;
  const sorted = [...clocks].sort(
    (a, b) =>
      (order[a.stage] ?? 9) - (order[b.stage] ?? 9) ||
      (a.kind === b.kind ? 0 : a.kind === 'customer' ? -1 : 1) ||
      a.cycle - b.cycle,
  );
  return (
    <Card size="small" title={t('desk.ticket.clocks')} extra={extra} data-testid="ticket-clocks">
      {sorted.length === 0 ? (
        <Empty description={t('desk.ticket.noClocks')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        sorted.map((c) => <ClockCard key={`${c.id}-${c.cycle}`} clock={c} />)
      )}
    </Card>
  );
}
