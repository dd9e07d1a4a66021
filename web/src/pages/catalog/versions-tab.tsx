import { Alert, Button, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogDiff,
  type CatalogVersionSummary,
  diffCatalog,
  type EntryChange,
  type Frequency,
  type ServiceItem,
  type ServiceTime,
} from '../../api/catalog';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import {
  channelLabel,
  formatFrequency,
  formatSchedule,
  formatTime,
  itemName,
  levelLabel,
  levelShort,
  variantLabel,
} from './catalog-format';

export type VersionState = 'draft' | 'inForce' | 'scheduled' | 'superseded';

export function versionState(v: CatalogVersionSummary, today: string): VersionState {
  if (v.status === 'draft') return 'draft';
  if (v.inForce) return 'inForce';
  return v.effectiveDate && v.effectiveDate > today ? 'scheduled' : 'superseded';
}

const STATE_COLOR: Record<VersionState, string> = {
  draft: 'processing',
  inForce: 'success',
  scheduled: 'warning',
  superseded: 'default',
};

export function VersionTag({ state }: { state: VersionState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOR[state]}>{t(`catalog.${state}`)}</Tag>;
}

/** A changed value in words: time limits, frequencies, schedules, level lists. */
function formatValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'responseTime') return formatTime(t, value as ServiceTime);
  if (field === 'frequency') return formatFrequency(t, value as Frequency);
  if (field === 'schedule') return formatSchedule(t, value as never);
  if (field === 'levels' && Array.isArray(value))
    return value.map((l) => levelShort(t, String(l))).join('、');
  if (field === 'level') return levelLabel(t, String(value));
  if (field === 'channel') return channelLabel(t, String(value));
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (Array.isArray(value)) return value.join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

type DiffRow = {
  key: string;
  part: 'items' | 'standards' | 'actions' | 'channels';
  entry: string;
  change: EntryChange<unknown>['change'];
  field: string;
  before: string;
  after: string;
};

function entryLabel(
  t: TFunction,
  language: string,
  part: DiffRow['part'],
  c: EntryChange<unknown>,
  items: Map<string, ServiceItem>,
): string {
  const e = (c.after ?? c.before) as Record<string, unknown>;
  const name = (code: unknown) => {
    const item = items.get(String(code));
    return item ? itemName(item, language) : String(code);
  };
  switch (part) {
    case 'items':
      return name(e.code);
    case 'standards': {
      const variant = variantLabel(t, e as never);
      return `${name(e.itemCode)} · ${levelLabel(t, String(e.level))}${variant ? ` · ${variant}` : ''}`;
    }
    case 'actions':
      return `${language.startsWith('en') ? e.nameEn : e.name} · ${levelShort(t, String(e.level))}`;
    case 'channels':
      return `${channelLabel(t, String(e.channel))} · ${name(e.itemCode)}`;
  }
}

/** Flattens a diff into one row per changed field (one row per added or removed entry). */
export function diffRows(
  t: TFunction,
  language: string,
  diff: CatalogDiff,
  items: Map<string, ServiceItem>,
): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const part of ['items', 'standards', 'actions', 'channels'] as const) {
    for (const c of diff[part] as EntryChange<unknown>[]) {
      const entry = entryLabel(t, language, part, c, items);
      if (c.change === 'changed') {
        for (const f of c.fields) {
          rows.push({
            key: `${part}|${c.key}|${f.field}`,
            part,
            entry,
            change: c.change,
            field: f.field,
            before: formatValue(t, f.field, f.before),
            after: formatValue(t, f.field, f.after),
          });
        }
      } else {
        const whole = (c.after ?? c.before) as Record<string, unknown>;
        const text = String(whole.wording ?? whole.name ?? c.key);
        rows.push({
          key: `${part}|${c.key}`,
          part,
          entry,
          change: c.change,
          field: '',
          before: c.change === 'removed' ? text : '—',
          after: c.change === 'added' ? text : '—',
        });
      }
    }
  }
  return rows;
}

const CHANGE_COLOR = { added: 'green', removed: 'red', changed: 'orange' } as const;

export function DiffTable({ diff, items }: { diff: CatalogDiff; items: Map<string, ServiceItem> }) {
  const { t, i18n } = useTranslation();
  const rows = diffRows(t, i18n.language, diff, items);
  if (rows.length === 0) return <Alert type="info" showIcon message={t('catalog.versions.noChanges')} />;
  const columns: TableColumnsType<DiffRow> = [
    {
      title: t('catalog.diff.part'),
      dataIndex: 'part',
      width: 110,
      render: (p: DiffRow['part']) => t(`catalog.diff.parts.${p}`),
    },
    { title: t('catalog.diff.key'), dataIndex: 'entry' },
    {
      title: t('catalog.diff.change'),
      dataIndex: 'change',
      width: 80,
      render: (c: DiffRow['change']) => <Tag color={CHANGE_COLOR[c]}>{t(`catalog.diff.${c}`)}</Tag>,
    },
    { title: t('catalog.diff.field'), dataIndex: 'field', width: 120 },
    {
      title: t('catalog.diff.before'),
      dataIndex: 'before',
      onCell: (r) => ({ style: r.before !== '—' ? { background: '#fff1f0' } : {} }),
      render: (v: string) => (v === '—' ? v : <Typography.Text delete>{v}</Typography.Text>),
    },
    {
      title: t('catalog.diff.after'),
      dataIndex: 'after',
      onCell: (r) => ({ style: r.after !== '—' ? { background: '#f6ffed' } : {} }),
      render: (v: string) => (v === '—' ? v : <Typography.Text strong>{v}</Typography.Text>),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('catalog.versions.summary', diff.counts)}</Typography.Text>
      <Table<DiffRow>
        data-testid="catalog-diff"
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        columns={columns}
        dataSource={rows}
      />
    </Space>
  );
}

type Props = {
  versions: CatalogVersionSummary[];
  today: string;
  items: Map<string, ServiceItem>;
  onView: (version: number) => void;
};

/** Every version with its effective date, and the differences between any two. */
export function VersionsTab({ versions, today, items, onView }: Props) {
  const { t } = useTranslation();
  const published = versions.filter((v) => v.status === 'published');
  const draft = versions.find((v) => v.status === 'draft');
  const [from, setFrom] = useState<number | undefined>();
  const [to, setTo] = useState<number | 'draft' | undefined>();

  // default comparison: the newest change — the draft or the latest version against its base
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the list changes
  useEffect(() => {
    const newest = draft ?? published[0];
    if (!newest) return;
    const base = newest.basedOn ?? published.find((v) => v.version < newest.version)?.version;
    setTo(draft ? 'draft' : newest.version);
    setFrom(base ?? newest.version);
  }, [versions]);

  const diff = useApi(
    (signal) => (from && to ? diffCatalog(from, to, signal) : Promise.resolve(null)),
    [from, to],
  );

  const columns: TableColumnsType<CatalogVersionSummary> = [
    { title: t('catalog.versions.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
    {
      title: t('catalog.versions.status'),
      key: 'status',
      width: 100,
      render: (_, v) => <VersionTag state={versionState(v, today)} />,
    },
    {
      title: t('catalog.versions.effectiveDate'),
      dataIndex: 'effectiveDate',
      render: (d: string | null) => d ?? '—',
    },
    {
      title: t('catalog.versions.basedOn'),
      dataIndex: 'basedOn',
      render: (b: number | null) => (b ? `v${b}` : '—'),
    },
    { title: t('catalog.versions.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
    {
      title: t('catalog.versions.publishedBy'),
      dataIndex: 'publishedBy',
      render: (p: string | null) => p ?? '',
    },
    {
      title: t('catalog.versions.publishedAt'),
      dataIndex: 'publishedAt',
      render: (at: string | null) => (at ? formatInstant(at) : ''),
    },
    {
      title: t('catalog.versions.counts'),
      key: 'counts',
      render: (_, v) =>
        `${v.counts.items} / ${v.counts.standards} / ${v.counts.actions} / ${v.counts.channels}`,
    },
    {
      title: '',
      key: 'view',
      render: (_, v) => (
        <Button size="small" onClick={() => onView(v.version)}>
          {t('catalog.versions.view')}
        </Button>
      ),
    },
  ];

  const options = [
    ...(draft
      ? [{ value: 'draft' as const, label: t('catalog.draftLabel', { version: draft.version }) }]
      : []),
    ...published.map((v) => ({ value: v.version, label: t('catalog.versionLabel', { version: v.version }) })),
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Table<CatalogVersionSummary>
        data-testid="catalog-versions"
        rowKey="version"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={versions}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('catalog.versions.compare')}
      </Typography.Title>
      <Space wrap>
        <Typography.Text>{t('catalog.versions.from')}</Typography.Text>
        <Select
          aria-label="diff from"
          style={{ width: 140 }}
          value={from}
          onChange={setFrom}
          options={published.map((v) => ({ value: v.version, label: `v${v.version}` }))}
        />
        <Typography.Text>{t('catalog.versions.to')}</Typography.Text>
        <Select aria-label="diff to" style={{ width: 160 }} value={to} onChange={setTo} options={options} />
      </Space>
      {diff.error ? <ErrorAlert error={diff.error} /> : null}
      {diff.data && <DiffTable diff={diff.data} items={items} />}
    </Space>
  );
}
