/** The readable (and, for a draft, editable) tables of the desk configuration. */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Descriptions,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_LEVELS } from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import {
  type Condition,
  type Department,
  type DeskConfig,
  ESCALATION_TARGETS,
  type EscalationStep,
  type SlaDefinition,
  type StageDef,
  TICKET_TYPES,
} from '../../api/desk';
import { issueAt } from './config-issues';
import { formatMinutes, severityLabel, statusLabel, targetLabel, typeLabel } from './desk-labels';

/** An input with the server's message under it, in red. */
export function Cell({ error, children }: { error?: string; children: ReactNode }) {
  return (
    <div>
      {children}
      {error && (
        <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }} data-testid="config-issue">
          {error}
        </Typography.Text>
      )}
    </div>
  );
}

/** Rows of a document list have no id of their own: the key is their position in the list. */
function rowKeyOf<T extends object>(list: readonly T[]): (row: T) => string {
  return (row) => String(list.indexOf(row));
}

const rowStyle = (bad: boolean) => (bad ? { background: '#fff1f0' } : undefined);

type EditProps = {
  document: DeskConfig;
  issues: readonly FieldIssue[];
  /** Absent: read only. */
  onChange?: (next: DeskConfig) => void;
  departments: Department[];
};

function departmentName(departments: Department[], code: string): string {
  return departments.find((d) => d.code === code)?.name ?? code;
}

// ---- stages ----

export function StagesTable({ document, issues, onChange, departments }: EditProps) {
  const { t } = useTranslation();
  const stages = document.stages;
  const set = (index: number, patch: Partial<StageDef>) =>
    onChange?.({ ...document, stages: stages.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const text = (index: number, field: 'code' | 'name' | 'nameEn') => {
    const error = issueAt(issues, `stages[${index}].${field}`);
    const value = stages[index]?.[field] ?? '';
    if (!onChange) return field === 'code' ? <Typography.Text code>{value}</Typography.Text> : value;
    return (
      <Cell error={error}>
        <Input
          value={value}
          status={error ? 'error' : undefined}
          onChange={(e) => set(index, { [field]: e.target.value })}
          aria-label={`stages[${index}].${field}`}
        />
      </Cell>
    );
  };
  const columns: TableColumnsType<StageDef> = [
    { title: t('desk.config.stage.code'), key: 'code', width: 160, render: (_, _s, i) => text(i, 'code') },
    { title: t('desk.config.stage.name'), key: 'name', render: (_, _s, i) => text(i, 'name') },
    { title: t('desk.config.stage.nameEn'), key: 'nameEn', render: (_, _s, i) => text(i, 'nameEn') },
    {
      title: t('desk.config.stage.department'),
      key: 'department',
      width: 220,
      render: (_, s, i) => {
        const error = issueAt(issues, `stages[${i}].departmentCode`);
        if (!onChange) return `${departmentName(departments, s.departmentCode)} (${s.departmentCode})`;
        return (
          <Cell error={error}>
            <Select
              style={{ width: '100%' }}
              value={s.departmentCode}
              status={error ? 'error' : undefined}
              onChange={(v: string) => set(i, { departmentCode: v })}
              options={departments.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }))}
            />
          </Cell>
        );
      },
    },
    ...(onChange
      ? [
          {
            key: 'remove',
            width: 50,
            render: (_: unknown, _s: StageDef, i: number) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label="remove stage"
                onClick={() => onChange({ ...document, stages: stages.filter((_x, j) => j !== i) })}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<StageDef>
        rowKey={rowKeyOf(stages)}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={stages}
        onRow={(_, i) => ({ style: rowStyle(i !== undefined && Boolean(issueAt(issues, `stages[${i}]`))) })}
        data-testid="config-stages"
      />
      {onChange && (
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            onChange({
              ...document,
              stages: [
                ...stages,
                { code: '', name: '', nameEn: '', departmentCode: departments[0]?.code ?? '' },
              ],
            })
          }
        >
          {t('desk.config.stage.add')}
        </Button>
      )}
    </Space>
  );
}

// ---- routes ----

export function RoutesTable({ document, issues, onChange }: EditProps) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const stageName = (code: string) => {
    const s = document.stages.find((x) => x.code === code);
    return s ? (zh ? s.name : s.nameEn) : code;
  };
  const rows = TICKET_TYPES.map((type) => {
    const index = document.routes.findIndex((r) => r.ticketType === type);
    return { type, index, stages: index >= 0 ? (document.routes[index]?.stages ?? []) : [] };
  });
  const setStages = (type: (typeof TICKET_TYPES)[number], stages: string[]) => {
    const exists = document.routes.some((r) => r.ticketType === type);
    onChange?.({
      ...document,
      routes: exists
        ? document.routes.map((r) => (r.ticketType === type ? { ...r, stages } : r))
        : [...document.routes, { ticketType: type, stages }],
    });
  };
  const columns: TableColumnsType<(typeof rows)[number]> = [
    {
      title: t('desk.config.route.ticketType'),
      key: 'type',
      width: 140,
      render: (_, r) => typeLabel(t, r.type),
    },
    {
      title: t('desk.config.route.stages'),
      key: 'stages',
      render: (_, r) => {
        const error = r.index >= 0 ? issueAt(issues, `routes[${r.index}]`) : undefined;
        if (!onChange) {
          return (
            <Space size={4} wrap>
              {r.stages.map((code, i) => (
                <span key={code}>
                  {i > 0 && <span style={{ marginInlineEnd: 4 }}>→</span>}
                  <Tag style={{ marginInlineEnd: 0 }}>{stageName(code)}</Tag>
                </span>
              ))}
            </Space>
          );
        }
        return (
          <Cell error={error}>
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              value={r.stages}
              status={error ? 'error' : undefined}
              onChange={(v: string[]) => setStages(r.type, v)}
              options={document.stages.map((s) => ({ value: s.code, label: zh ? s.name : s.nameEn }))}
              aria-label={`route ${r.type}`}
            />
          </Cell>
        );
      },
    },
  ];
  return (
    <Table
      rowKey="type"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      onRow={(r) => ({ style: rowStyle(r.index >= 0 && Boolean(issueAt(issues, `routes[${r.index}]`))) })}
      data-testid="config-routes"
    />
  );
}

// ---- definitions ----

export function conditionText(
  t: TFunction,
  c: Condition | null | undefined,
  stageName: (c: string) => string,
) {
  if (!c || (!c.statuses?.length && !c.stages?.length)) return t('desk.config.def.anyStatus');
  const parts: string[] = [];
  if (c.statuses?.length) parts.push(c.statuses.map((s) => statusLabel(t, s)).join('/'));
  if (c.stages?.length) parts.push(c.stages.map(stageName).join('/'));
  return parts.join(' · ');
}

export function limitText(t: TFunction, d: SlaDefinition): ReactNode {
  if (d.limit.kind === 'entitlement') {
    return t('desk.config.def.entitlement', {
      item: d.limit.itemCode,
      fallback: formatMinutes(t, d.limit.fallbackMinutes),
    });
  }
  const order: readonly string[] = SERVICE_LEVELS;
  const entries = (Object.entries(d.limit.minutes) as [string, number][]).sort(
    (a, b) => order.indexOf(a[0]) - order.indexOf(b[0]),
  );
  return (
    <Space size={[4, 4]} wrap>
      {entries.map(([level, minutes]) => (
        <Tag key={level} style={{ marginInlineEnd: 0 }}>
          {level === 'basic' ? t('desk.unrated') : level} {formatMinutes(t, minutes)}
        </Tag>
      ))}
    </Space>
  );
}

function LadderTable({
  definition,
  index,
  issues,
  onChange,
  departments,
}: {
  definition: SlaDefinition;
  index: number;
  issues: readonly FieldIssue[];
  onChange?: (ladder: EscalationStep[]) => void;
  departments: Department[];
}) {
  const { t } = useTranslation();
  const ladder = definition.ladder;
  const path = (i: number, field?: string) => `definitions[${index}].ladder[${i}]${field ? `.${field}` : ''}`;
  const set = (i: number, patch: Partial<EscalationStep>) =>
    onChange?.(ladder.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const targetOptions = [
    ...ESCALATION_TARGETS.map((x) => ({ value: x, label: targetLabel(t, x) })),
    ...departments.map((d) => ({ value: `department:${d.code}`, label: `${d.name} (${d.code})` })),
  ];
  const columns: TableColumnsType<EscalationStep> = [
    {
      title: t('desk.config.ladder.level'),
      key: 'level',
      width: 90,
      render: (_, s, i) => {
        const error = issueAt(issues, path(i, 'level'));
        return onChange ? (
          <Cell error={error}>
            <InputNumber
              min={1}
              value={s.level}
              status={error ? 'error' : undefined}
              onChange={(v) => set(i, { level: Number(v ?? 0) })}
              style={{ width: 64 }}
              aria-label={path(i, 'level')}
            />
          </Cell>
        ) : (
          s.level
        );
      },
    },
    {
      title: t('desk.config.ladder.atPercent'),
      key: 'atPercent',
      width: 120,
      render: (_, s, i) => {
        const error = issueAt(issues, path(i, 'atPercent'));
        return onChange ? (
          <Cell error={error}>
            <InputNumber
              value={s.atPercent}
              status={error ? 'error' : undefined}
              onChange={(v) => set(i, { atPercent: Number(v ?? 0) })}
              suffix="%"
              style={{ width: 110 }}
              aria-label={path(i, 'atPercent')}
              data-testid={`ladder-${index}-${i}-atPercent`}
            />
          </Cell>
        ) : (
          <Cell error={error}>{`${s.atPercent}%`}</Cell>
        );
      },
    },
    {
      title: t('desk.config.ladder.notify'),
      key: 'notify',
      render: (_, s, i) => {
        const error = issueAt(issues, path(i, 'notify'));
        return onChange ? (
          <Cell error={error}>
            <Select
              mode="multiple"
              style={{ width: '100%', minWidth: 220 }}
              value={s.notify}
              status={error ? 'error' : undefined}
              onChange={(v) => set(i, { notify: v })}
              options={targetOptions}
            />
          </Cell>
        ) : (
          <Cell error={error}>
            <Space size={[4, 4]} wrap>
              {s.notify.map((n) => (
                <Tag key={n} style={{ marginInlineEnd: 0 }}>
                  {targetLabel(t, n)}
                </Tag>
              ))}
            </Space>
          </Cell>
        );
      },
    },
    {
      title: t('desk.config.ladder.escalate'),
      key: 'escalate',
      width: 80,
      render: (_, s, i) =>
        onChange ? (
          <Switch size="small" checked={s.escalate} onChange={(v) => set(i, { escalate: v })} />
        ) : s.escalate ? (
          <Tag color="orange">{t('desk.config.ladder.escalate')}</Tag>
        ) : (
          '—'
        ),
    },
    {
      title: t('desk.config.ladder.reassignTo'),
      key: 'reassignTo',
      width: 180,
      render: (_, s, i) => {
        const error = issueAt(issues, path(i, 'reassignTo'));
        return onChange ? (
          <Cell error={error}>
            <Select
              allowClear
              style={{ width: '100%' }}
              value={s.reassignTo ?? undefined}
              status={error ? 'error' : undefined}
              onChange={(v?: string) => set(i, { reassignTo: v ?? null })}
              options={departments.map((d) => ({ value: d.code, label: d.name }))}
            />
          </Cell>
        ) : s.reassignTo ? (
          departmentName(departments, s.reassignTo)
        ) : (
          '—'
        );
      },
    },
    ...(onChange
      ? [
          {
            key: 'remove',
            width: 50,
            render: (_: unknown, _s: EscalationStep, i: number) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label="remove step"
                onClick={() => onChange(ladder.filter((_x, j) => j !== i))}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<EscalationStep>
        rowKey={rowKeyOf(ladder)}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={ladder}
        onRow={(_, i) => ({
          style: rowStyle(i !== undefined && Boolean(issueAt(issues, path(i)))),
          'data-testid': `ladder-row-${index}-${i}`,
        })}
        data-testid={`ladder-${index}`}
      />
      {onChange && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => {
            const last = ladder[ladder.length - 1];
            onChange([
              ...ladder,
              {
                level: (last?.level ?? 0) + 1,
                atPercent: (last?.atPercent ?? 0) + 25,
                notify: ['owner'],
                escalate: true,
                reassignTo: null,
              },
            ]);
          }}
        >
          {t('desk.config.ladder.add')}
        </Button>
      )}
    </Space>
  );
}

/** One definition's details under its row: conditions, severity factors and the ladder. */
function DefinitionDetails({
  definition,
  index,
  issues,
  onChange,
  departments,
  stageName,
}: {
  definition: SlaDefinition;
  index: number;
  issues: readonly FieldIssue[];
  onChange?: (d: SlaDefinition) => void;
  departments: Department[];
  stageName: (code: string) => string;
}) {
  const { t } = useTranslation();
  const factors = Object.entries(definition.severityFactor ?? {}) as [string, number][];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        {(['start', 'pause', 'resume', 'stop', 'cancel'] as const).map((k) => (
          <Descriptions.Item key={k} label={t(`desk.config.def.${k}`)}>
            <Cell error={issueAt(issues, `definitions[${index}].${k}`)}>
              {k === 'resume' && !definition.resume ? '—' : conditionText(t, definition[k], stageName)}
            </Cell>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('desk.config.def.severityFactor')}>
          {factors.length === 0 ? '×1' : factors.map(([s, f]) => `${severityLabel(t, s)} ×${f}`).join(' · ')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('desk.config.def.ladder')}</Typography.Text>
      <LadderTable
        definition={definition}
        index={index}
        issues={issues}
        departments={departments}
        {...(onChange ? { onChange: (ladder: EscalationStep[]) => onChange({ ...definition, ladder }) } : {})}
      />
    </Space>
  );
}

export function DefinitionsTable({
  document,
  issues,
  onChange,
  departments,
  onEdit,
  onAdd,
}: EditProps & { onEdit?: (index: number) => void; onAdd?: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const stageName = (code: string) => {
    const s = document.stages.find((x) => x.code === code);
    return s ? (zh ? s.name : s.nameEn) : code;
  };
  const defs = document.definitions;
  const setDef = (index: number, d: SlaDefinition) =>
    onChange?.({ ...document, definitions: defs.map((x, i) => (i === index ? d : x)) });
  const withIssues = defs.map((_, i) => i).filter((i) => Boolean(issueAt(issues, `definitions[${i}]`)));
  const columns: TableColumnsType<SlaDefinition> = [
    {
      title: t('desk.config.def.name'),
      key: 'name',
      width: 210,
      render: (_, d, i) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong type={issueAt(issues, `definitions[${i}]`) ? 'danger' : undefined}>
            {zh ? d.name : d.nameEn}
          </Typography.Text>
          <Typography.Text code style={{ fontSize: 12 }}>
            {d.code}
          </Typography.Text>
          {(['code', 'name', 'nameEn', 'stageCode', 'ticketTypes'] as const).map((f) => {
            const m = issueAt(issues, `definitions[${i}].${f}`);
            return m ? (
              <Typography.Text key={f} type="danger" style={{ fontSize: 12 }} data-testid="config-issue">
                {f}: {m}
              </Typography.Text>
            ) : null;
          })}
        </Space>
      ),
    },
    {
      title: t('desk.config.def.kind'),
      key: 'kind',
      width: 150,
      render: (_, d, i) => (
        <Cell error={issueAt(issues, `definitions[${i}].measure`)}>
          <Space size={4} wrap>
            <Tag color={d.kind === 'customer' ? 'purple' : 'cyan'}>{t(`desk.clockKind.${d.kind}`)}</Tag>
            {d.kind === 'internal' && (
              <Tooltip title={t(`desk.measure.${d.measure ?? 'resolution'}Hint`)}>
                <Tag color={d.measure === 'response' ? 'geekblue' : undefined}>
                  {t(`desk.measure.${d.measure ?? 'resolution'}`)}
                </Tag>
              </Tooltip>
            )}
          </Space>
        </Cell>
      ),
    },
    {
      title: t('desk.config.def.ticketTypes'),
      key: 'types',
      render: (_, d) => d.ticketTypes.map((x) => typeLabel(t, x)).join('、'),
    },
    {
      title: t('desk.config.def.stage'),
      key: 'stage',
      width: 120,
      render: (_, d) => (d.stageCode ? stageName(d.stageCode) : '—'),
    },
    {
      title: t('desk.config.def.limit'),
      key: 'limit',
      render: (_, d, i) => <Cell error={issueAt(issues, `definitions[${i}].limit`)}>{limitText(t, d)}</Cell>,
    },
    {
      title: t('desk.config.def.clock'),
      key: 'clock',
      width: 100,
      render: (_, d) => t(`desk.clockType.${d.clock}`),
    },
    {
      title: t('desk.config.def.ladder'),
      key: 'ladder',
      render: (_, d) => (
        <Space size={[4, 4]} wrap>
          {d.ladder.map((s) => (
            <Tag
              key={`${s.level}-${s.atPercent}`}
              color={s.atPercent >= 100 ? 'red' : s.escalate ? 'orange' : 'default'}
            >
              {s.atPercent}%
            </Tag>
          ))}
        </Space>
      ),
    },
    ...(onChange
      ? [
          {
            key: 'edit',
            width: 90,
            render: (_: unknown, _d: SlaDefinition, i: number) => (
              <Space size={0}>
                <Button
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={t('desk.config.def.edit')}
                  onClick={() => onEdit?.(i)}
                  data-testid={`def-edit-${i}`}
                />
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('desk.config.def.remove')}
                  onClick={() => onChange({ ...document, definitions: defs.filter((_x, j) => j !== i) })}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<SlaDefinition>
        rowKey={rowKeyOf(defs)}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={defs}
        expandable={{
          expandedRowRender: (d, i) => (
            <DefinitionDetails
              definition={d}
              index={i}
              issues={issues}
              departments={departments}
              stageName={stageName}
              {...(onChange ? { onChange: (next: SlaDefinition) => setDef(i, next) } : {})}
            />
          ),
          // rows with a server issue are opened so that the marked field is in view
          defaultExpandedRowKeys: withIssues.map(String),
        }}
        key={withIssues.join(',')}
        onRow={(_, i) => ({
          style: rowStyle(i !== undefined && withIssues.includes(i)),
          'data-testid': `def-row-${i}`,
        })}
        data-testid="config-definitions"
      />
      {onAdd && (
        <Button icon={<PlusOutlined />} onClick={onAdd}>
          {t('desk.config.def.add')}
        </Button>
      )}
    </Space>
  );
}

// ---- visits ----

export function VisitLimits({ document, issues, onChange }: EditProps) {
  const { t } = useTranslation();
  const keys = ['faultRepairDays', 'activationDays', 'complaintDays'] as const;
  return (
    <Descriptions bordered size="small" column={1} data-testid="config-visits" style={{ maxWidth: 480 }}>
      {keys.map((k) => {
        const error = issueAt(issues, `visits.${k}`);
        return (
          <Descriptions.Item key={k} label={t(`desk.config.visits.${k}`)}>
            {onChange ? (
              <Cell error={error}>
                <InputNumber
                  min={1}
                  value={document.visits[k]}
                  status={error ? 'error' : undefined}
                  onChange={(v) =>
                    onChange({ ...document, visits: { ...document.visits, [k]: Number(v ?? 0) } })
                  }
                />
              </Cell>
            ) : (
              <Cell error={error}>{document.visits[k]}</Cell>
            )}
          </Descriptions.Item>
        );
      })}
    </Descriptions>
  );
}
