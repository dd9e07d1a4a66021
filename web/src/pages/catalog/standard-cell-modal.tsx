import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTACT_ROLES,
  PERIODS,
  SERVICE_SCOPES,
  type ServiceItem,
  type ServiceLevel,
  type ServiceTime,
  type Standard,
  TIME_KINDS,
  type TimeKind,
} from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { itemName, levelLabel, periodLabel, productLabel, roleLabel, scopeLabel } from './catalog-format';
import { issuesAt, messageFor } from './draft-issues';
import type { IndexedStandard } from './standards-grid';

type CellRow = { standard: Standard; index: number | null };

function blank(item: ServiceItem, level: ServiceLevel): Standard {
  return {
    itemCode: item.code,
    level,
    product: null,
    scope: null,
    contactRole: null,
    provided: true,
    responseTime: null,
    targetPercent: null,
    frequency: null,
    degree: null,
    coverage: null,
    wording: '',
  };
}

function timeOf(kind: TimeKind | 'none', previous: ServiceTime | null): ServiceTime | null {
  const amount =
    previous && 'days' in previous ? previous.days : previous && 'hours' in previous ? previous.hours : 1;
  switch (kind) {
    case 'none':
      return null;
    case 'workdays':
    case 'days':
      return { kind, days: amount };
    case 'hours':
      return { kind, hours: amount, clock: previous?.kind === 'hours' ? previous.clock : '24x7' };
    default:
      return { kind };
  }
}

function StandardFields({
  item,
  row,
  issues,
  onChange,
  onRemove,
}: {
  item: ServiceItem;
  row: CellRow;
  issues: readonly FieldIssue[];
  onChange: (s: Standard) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const s = row.standard;
  const found = row.index === null ? new Map<string, string>() : issuesAt(issues, `standards[${row.index}]`);
  const field = (name: string) => {
    const help = messageFor(found, name);
    return help ? { validateStatus: 'error' as const, help } : {};
  };
  const set = (patch: Partial<Standard>) => onChange({ ...s, ...patch });
  const time = s.responseTime;
  const any = { value: '', label: t('catalog.field.any') };
  const optional = (v: string | undefined) => (v ? v : null);

  return (
    <Card
      size="small"
      data-testid="standard-editor"
      extra={
        <Button danger size="small" icon={<DeleteOutlined />} onClick={onRemove}>
          {t('catalog.editor.removeStandard')}
        </Button>
      }
    >
      <Form layout="vertical" size="small" component="div">
        <Row gutter={12}>
          {(item.products?.length ?? 0) > 0 && (
            <Col span={8}>
              <Form.Item label={t('catalog.field.product')} {...field('product')}>
                <Select
                  value={s.product ?? ''}
                  options={[
                    any,
                    ...(item.products ?? []).map((p) => ({ value: p, label: productLabel(t, p) })),
                  ]}
                  onChange={(v) => set({ product: optional(v) })}
                />
              </Form.Item>
            </Col>
          )}
          {item.scoped && (
            <Col span={8}>
              <Form.Item label={t('catalog.field.scope')} {...field('scope')}>
                <Select
                  value={s.scope ?? ''}
                  options={[any, ...SERVICE_SCOPES.map((v) => ({ value: v, label: scopeLabel(t, v) }))]}
                  onChange={(v) => set({ scope: (optional(v) as Standard['scope']) ?? null })}
                />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item label={t('catalog.field.contactRole')} {...field('contactRole')}>
              <Select
                value={s.contactRole ?? ''}
                options={[any, ...CONTACT_ROLES.map((v) => ({ value: v, label: roleLabel(t, v) }))]}
                onChange={(v) => set({ contactRole: (optional(v) as Standard['contactRole']) ?? null })}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('catalog.field.provided')} {...field('provided')}>
              <Switch checked={s.provided} onChange={(provided) => set({ provided })} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('catalog.field.responseTime')} {...field('responseTime.kind')}>
              <Select
                aria-label="responseTime.kind"
                value={time?.kind ?? 'none'}
                options={(['none', ...TIME_KINDS] as const).map((k) => ({
                  value: k,
                  label: t(`catalog.timeKind.${k}`),
                }))}
                onChange={(k) => set({ responseTime: timeOf(k as TimeKind | 'none', time) })}
              />
            </Form.Item>
          </Col>
          {time && (time.kind === 'workdays' || time.kind === 'days' || time.kind === 'hours') && (
            <Col span={8}>
              <Form.Item
                label={t('catalog.field.amount')}
                {...field(time.kind === 'hours' ? 'responseTime.hours' : 'responseTime.days')}
              >
                <InputNumber
                  aria-label="responseTime.amount"
                  value={time.kind === 'hours' ? time.hours : time.days}
                  style={{ width: '100%' }}
                  onChange={(v) =>
                    set({
                      responseTime:
                        time.kind === 'hours'
                          ? { ...time, hours: Number(v ?? 0) }
                          : { ...time, days: Number(v ?? 0) },
                    })
                  }
                />
              </Form.Item>
            </Col>
          )}
          {time?.kind === 'hours' && (
            <Col span={8}>
              <Form.Item label={t('catalog.field.clock')} {...field('responseTime.clock')}>
                <Select
                  value={time.clock}
                  options={(['24x7', 'business'] as const).map((c) => ({
                    value: c,
                    label: t(`catalog.clock.${c}`),
                  }))}
                  onChange={(clock) => set({ responseTime: { ...time, clock } })}
                />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item label={t('catalog.field.targetPercent')} {...field('targetPercent')}>
              <InputNumber
                value={s.targetPercent ?? null}
                style={{ width: '100%' }}
                onChange={(v) => set({ targetPercent: v === null ? null : Number(v) })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              label={`${t('catalog.field.frequency')} · ${t('catalog.field.times')}`}
              {...field('frequency.times')}
            >
              <InputNumber
                aria-label="frequency.times"
                value={s.frequency?.times ?? null}
                style={{ width: '100%' }}
                onChange={(v) =>
                  set({
                    frequency:
                      v === null ? null : { times: Number(v), period: s.frequency?.period ?? 'month' },
                  })
                }
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('catalog.field.period')} {...field('frequency.period')}>
              <Select
                value={s.frequency?.period}
                disabled={!s.frequency}
                options={PERIODS.map((p) => ({ value: p, label: periodLabel(t, p) }))}
                onChange={(period) => set({ frequency: { times: s.frequency?.times ?? 1, period } })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('catalog.field.degree')} {...field('degree')}>
              <Input value={s.degree ?? ''} onChange={(e) => set({ degree: e.target.value || null })} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('catalog.field.coverage')} {...field('coverage')}>
              <Input value={s.coverage ?? ''} onChange={(e) => set({ coverage: e.target.value || null })} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('catalog.field.wording')} {...field('wording')} style={{ marginBottom: 0 }}>
          <Input.TextArea
            aria-label="wording"
            autoSize
            value={s.wording}
            onChange={(e) => set({ wording: e.target.value })}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}

type Props = {
  open: boolean;
  item: ServiceItem | null;
  level: ServiceLevel | null;
  entries: IndexedStandard[];
  issues: readonly FieldIssue[];
  onCancel: () => void;
  /** The cell's new standards, in order; indices of kept ones stay. */
  onApply: (rows: { standard: Standard; index: number | null }[], removed: number[]) => void;
};

/** Edits the standards of one grid cell (an item at a level): add, change, remove. */
export function StandardCellModal({ open, item, level, entries, issues, onCancel, onApply }: Props) {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<CellRow[]>([]);
  const [removed, setRemoved] = useState<number[]>([]);

  // start from the cell's standards each time the modal opens
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening, not on every new `entries` array
  useEffect(() => {
    if (open) {
      setRows(entries.map((e) => ({ standard: e.standard, index: e.index })));
      setRemoved([]);
    }
  }, [open]);

  if (!item || !level) return null;
  return (
    <Modal
      open={open}
      width={760}
      title={t('catalog.editor.editCell', {
        item: itemName(item, i18n.language),
        level: levelLabel(t, level),
      })}
      onCancel={onCancel}
      onOk={() => onApply(rows, removed)}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {rows.map((row, i) => (
          <StandardFields
            key={row.index ?? `new-${i}`}
            item={item}
            row={row}
            issues={issues}
            onChange={(standard) => setRows(rows.map((r, j) => (j === i ? { ...r, standard } : r)))}
            onRemove={() => {
              if (row.index !== null) setRemoved([...removed, row.index]);
              setRows(rows.filter((_, j) => j !== i));
            }}
          />
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={() => setRows([...rows, { standard: blank(item, level), index: null }])}
        >
          {t('catalog.editor.addStandard')}
        </Button>
      </Space>
    </Modal>
  );
}
