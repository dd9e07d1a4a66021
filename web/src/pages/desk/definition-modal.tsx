import {
  Col,
  Divider,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_LEVELS, type ServiceLevel } from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import {
  type Condition,
  type DeskConfig,
  SEVERITIES,
  type SlaDefinition,
  TICKET_STATUSES,
  TICKET_TYPES,
} from '../../api/desk';
import { issueAt } from './config-issues';
import { Cell } from './config-tables';
import { severityLabel, statusLabel, typeLabel } from './desk-labels';

const CONDITIONS = ['start', 'pause', 'resume', 'stop', 'cancel'] as const;

export function blankDefinition(): SlaDefinition {
  return {
    code: '',
    name: '',
    nameEn: '',
    kind: 'internal',
    ticketTypes: ['fault'],
    stageCode: null,
    limit: { kind: 'byLevel', minutes: { basic: 240 } },
    clock: '24x7',
    start: {},
    pause: { statuses: ['pending'] },
    resume: null,
    stop: { statuses: ['resolved', 'closed'] },
    cancel: { statuses: ['cancelled', 'rejected'] },
    ladder: [
      { level: 1, atPercent: 50, notify: ['owner'], escalate: false, reassignTo: null },
      { level: 2, atPercent: 75, notify: ['owner', 'supervisor'], escalate: true, reassignTo: null },
      {
        level: 3,
        atPercent: 100,
        notify: ['supervisor', 'department_head'],
        escalate: true,
        reassignTo: null,
      },
    ],
  };
}

/** Edits a definition's name, kind, types, stage, limit, clock, severity factors and conditions. */
export function DefinitionModal({
  document,
  index,
  issues,
  onCancel,
  onApply,
}: {
  document: DeskConfig;
  /** The definition edited, or `document.definitions.length` for a new one; null: closed. */
  index: number | null;
  issues: readonly FieldIssue[];
  onCancel: () => void;
  onApply: (definition: SlaDefinition, index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const [d, setD] = useState<SlaDefinition>(blankDefinition);
  useEffect(() => {
    if (index !== null) setD(structuredClone(document.definitions[index] ?? blankDefinition()));
  }, [index, document]);
  const at = (field: string) =>
    index === null ? undefined : issueAt(issues, `definitions[${index}].${field}`);
  const set = (patch: Partial<SlaDefinition>) => setD((x) => ({ ...x, ...patch }));
  const stageOptions = document.stages.map((s) => ({ value: s.code, label: zh ? s.name : s.nameEn }));
  const setCondition = (key: (typeof CONDITIONS)[number], patch: Partial<Condition>) => {
    const current = (d[key] ?? {}) as Condition;
    const next: Condition = { ...current, ...patch };
    if (!next.statuses?.length) delete next.statuses;
    if (!next.stages?.length) delete next.stages;
    set({
      [key]: key === 'resume' && !next.statuses && !next.stages ? null : next,
    } as Partial<SlaDefinition>);
  };
  const label = (text: string) => (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {text}
    </Typography.Text>
  );

  return (
    <Modal
      open={index !== null}
      title={t('desk.config.def.editTitle', { code: d.code || '—' })}
      width={820}
      okText={t('desk.config.apply')}
      onOk={() => index !== null && onApply(d, index)}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }} size="small">
        <Row gutter={12}>
          <Col span={8}>
            {label(t('desk.config.def.code'))}
            <Cell error={at('code')}>
              <Input
                value={d.code}
                onChange={(e) => set({ code: e.target.value })}
                status={at('code') ? 'error' : undefined}
              />
            </Cell>
          </Col>
          <Col span={8}>
            {label(t('desk.config.def.name'))}
            <Cell error={at('name')}>
              <Input value={d.name} onChange={(e) => set({ name: e.target.value })} />
            </Cell>
          </Col>
          <Col span={8}>
            {label(t('desk.config.def.nameEn'))}
            <Cell error={at('nameEn')}>
              <Input value={d.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />
            </Cell>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            {label(t('desk.config.def.kind'))}
            <Radio.Group
              value={d.kind}
              onChange={(e) =>
                set(
                  e.target.value === 'customer'
                    ? { kind: 'customer', measure: undefined }
                    : { kind: e.target.value },
                )
              }
              optionType="button"
              options={(['customer', 'internal'] as const).map((k) => ({
                value: k,
                label: t(`desk.clockKind.${k}`),
              }))}
            />
          </Col>
          <Col span={10}>
            {label(t('desk.config.def.ticketTypes'))}
            <Cell error={at('ticketTypes')}>
              <Select
                mode="multiple"
                style={{ width: '100%' }}
                value={d.ticketTypes}
                onChange={(v) => set({ ticketTypes: v })}
                options={TICKET_TYPES.map((x) => ({ value: x, label: typeLabel(t, x) }))}
              />
            </Cell>
          </Col>
          <Col span={8}>
            {label(t('desk.config.def.stage'))}
            <Cell error={at('stageCode')}>
              <Select
                allowClear
                style={{ width: '100%' }}
                value={d.stageCode ?? undefined}
                onChange={(v?: string) => set({ stageCode: v ?? null })}
                options={stageOptions}
                status={at('stageCode') ? 'error' : undefined}
              />
            </Cell>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Tooltip
              title={
                <>
                  <div>{t('desk.measure.resolutionHint')}</div>
                  <div>{t('desk.measure.responseHint')}</div>
                </>
              }
            >
              {label(t('desk.config.def.measure'))}
            </Tooltip>
            <Cell error={at('measure')}>
              <Radio.Group
                value={d.kind === 'internal' ? (d.measure ?? 'resolution') : undefined}
                disabled={d.kind !== 'internal'}
                onChange={(e) => set({ measure: e.target.value })}
                optionType="button"
                options={(['resolution', 'response'] as const).map((k) => ({
                  value: k,
                  label: t(`desk.measure.${k}`),
                }))}
                data-testid="definition-measure"
              />
            </Cell>
          </Col>
          <Col span={6}>
            {label(t('desk.config.def.clock'))}
            <div>
              <Radio.Group
                value={d.clock}
                onChange={(e) => set({ clock: e.target.value })}
                optionType="button"
                options={(['24x7', 'business'] as const).map((k) => ({
                  value: k,
                  label: t(`desk.clockType.${k}`),
                }))}
              />
            </div>
          </Col>
          <Col span={12}>
            {label(t('desk.config.def.severityFactor'))}
            <Space wrap>
              {SEVERITIES.map((s) => (
                <InputNumber
                  key={s}
                  min={0.01}
                  step={0.5}
                  value={d.severityFactor?.[s]}
                  placeholder="1"
                  prefix={severityLabel(t, s)}
                  style={{ width: 140 }}
                  onChange={(v) => {
                    const next = { ...(d.severityFactor ?? {}) };
                    if (v === null || v === undefined) delete next[s];
                    else next[s] = Number(v);
                    set({ severityFactor: next });
                  }}
                />
              ))}
            </Space>
          </Col>
        </Row>
        <Divider style={{ margin: '8px 0' }} />
        {label(t('desk.config.def.limitKind'))}
        <Cell error={at('limit')}>
          <Radio.Group
            value={d.limit.kind}
            onChange={(e) =>
              set({
                limit:
                  e.target.value === 'entitlement'
                    ? { kind: 'entitlement', itemCode: 'circuit_fault', fallbackMinutes: 360 }
                    : { kind: 'byLevel', minutes: { basic: 240 } },
              })
            }
            options={[
              { value: 'entitlement', label: t('desk.config.def.limitEntitlement') },
              { value: 'byLevel', label: t('desk.config.def.limitByLevel') },
            ]}
          />
        </Cell>
        {d.limit.kind === 'entitlement' ? (
          <Space>
            <Input
              prefix={t('desk.config.def.itemCode')}
              value={d.limit.itemCode}
              onChange={(e) =>
                d.limit.kind === 'entitlement' && set({ limit: { ...d.limit, itemCode: e.target.value } })
              }
            />
            <InputNumber
              prefix={t('desk.config.def.fallbackMinutes')}
              min={1}
              value={d.limit.fallbackMinutes}
              onChange={(v) =>
                d.limit.kind === 'entitlement' &&
                set({ limit: { ...d.limit, fallbackMinutes: Number(v ?? 0) } })
              }
            />
          </Space>
        ) : (
          <Space wrap>
            {SERVICE_LEVELS.map((level: ServiceLevel) => {
              const minutes = d.limit.kind === 'byLevel' ? d.limit.minutes : { basic: 0 };
              return (
                <InputNumber
                  key={level}
                  min={1}
                  value={minutes[level]}
                  prefix={level === 'basic' ? t('desk.unrated') : level}
                  style={{ width: 150 }}
                  status={at(`limit.minutes.${level}`) ? 'error' : undefined}
                  onChange={(v) => {
                    if (d.limit.kind !== 'byLevel') return;
                    const next = { ...d.limit.minutes };
                    if (v === null || v === undefined) {
                      if (level !== 'basic') delete next[level];
                    } else next[level] = Number(v);
                    set({ limit: { kind: 'byLevel', minutes: next } });
                  }}
                />
              );
            })}
          </Space>
        )}
        <Divider style={{ margin: '8px 0' }} />
        {label(t('desk.config.def.conditions'))}
        {CONDITIONS.map((key) => {
          const c = (d[key] ?? {}) as Condition;
          return (
            <Row gutter={8} key={key} align="middle">
              <Col span={3}>
                <Typography.Text>{t(`desk.config.def.${key}`)}</Typography.Text>
              </Col>
              <Col span={12}>
                <Cell error={at(key)}>
                  <Select
                    mode="multiple"
                    allowClear
                    style={{ width: '100%' }}
                    placeholder={`${t('desk.config.def.statuses')} · ${t('desk.config.def.anyStatus')}`}
                    value={c.statuses ?? []}
                    onChange={(v) => setCondition(key, { statuses: v })}
                    options={TICKET_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
                  />
                </Cell>
              </Col>
              <Col span={9}>
                <Select
                  mode="multiple"
                  allowClear
                  style={{ width: '100%' }}
                  placeholder={t('desk.config.def.stages')}
                  value={c.stages ?? []}
                  onChange={(v) => setCondition(key, { stages: v })}
                  options={stageOptions}
                />
              </Col>
            </Row>
          );
        })}
      </Space>
    </Modal>
  );
}
