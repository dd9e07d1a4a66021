import {
  Card,
  Descriptions,
  Empty,
  Space,
  Spin,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CustomerEntitlements,
  type Entitlement,
  findCustomerEntitlements,
  SERVICE_CATEGORIES,
  type ServiceItem,
} from '../../../api/catalog';
import { useApi } from '../../../api/use-api';
import { ErrorAlert } from '../../../components/error-alert';
import { formatInstant } from '../../../format';
import {
  channelLabel,
  explainStep,
  formatFrequency,
  formatTime,
  itemName,
  levelLabel,
  variantLabel,
} from '../../catalog/catalog-format';
import { CategoryTag } from '../../catalog/standards-grid';

type Group = CustomerEntitlements['items'][number];

function StandardText({ e }: { e: Entitlement }) {
  const { t } = useTranslation();
  if (!e.provided) return <Tag>{t('catalog.entitlements.notProvided')}</Tag>;
  const extra = [
    e.wording ? null : formatTime(t, e.responseTime),
    e.wording ? null : formatFrequency(t, e.frequency),
    e.targetPercent ? t('catalog.targetPercent', { percent: e.targetPercent }) : null,
  ].filter(Boolean);
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>{e.wording ?? ''}</Typography.Text>
      {extra.length > 0 && <Typography.Text type="secondary">{extra.join(' · ')}</Typography.Text>}
    </Space>
  );
}

function Deadline({ e }: { e: Entitlement }) {
  const { t } = useTranslation();
  if (!e.deadline)
    return <Typography.Text type="secondary">{formatTime(t, e.responseTime) || '—'}</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>{formatTime(t, e.responseTime)}</Typography.Text>
      <Typography.Text type="secondary" data-testid="entitlement-due">
        →{' '}
        {e.responseTime?.kind === 'workdays'
          ? t('catalog.entitlements.endOfDay', { date: e.deadline.dueDate })
          : formatInstant(e.deadline.dueAt)}
        {e.deadline.provisional && (
          <Tag color="warning" style={{ marginInlineStart: 4 }}>
            {t('catalog.entitlements.provisional')}
          </Tag>
        )}
      </Typography.Text>
    </Space>
  );
}

function Channels({ e }: { e: Entitlement }) {
  const { t } = useTranslation();
  return (
    <Space size={[2, 2]} wrap>
      {e.channels.map((c) => (
        <Tag
          key={c.channel}
          color={c.role === 'primary' ? 'blue' : undefined}
          title={t(`catalog.channelRole.${c.role}`)}
        >
          {channelLabel(t, c.channel)}
        </Tag>
      ))}
    </Space>
  );
}

function Explanation({ e }: { e: Entitlement }) {
  const { t } = useTranslation();
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="entitlement-explanation">
      {e.explanation.map((step) => (
        <li key={`${step.rule}|${step.level}|${step.message}`}>
          <Typography.Text type={step.rule === 'standard_matched' ? undefined : 'secondary'}>
            {explainStep(t, step)}
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}

function VariantTable({ entries }: { entries: Entitlement[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Entitlement> = [
    {
      title: t('catalog.entitlements.variant'),
      key: 'variant',
      render: (_, e) => variantLabel(t, e) || t('catalog.entitlements.allVariants'),
    },
    { title: t('catalog.entitlements.level'), key: 'level', render: (_, e) => levelLabel(t, e.level) },
    { title: t('catalog.entitlements.standard'), key: 'standard', render: (_, e) => <StandardText e={e} /> },
    { title: t('catalog.entitlements.deadline'), key: 'deadline', render: (_, e) => <Deadline e={e} /> },
    { title: t('catalog.entitlements.channels'), key: 'channels', render: (_, e) => <Channels e={e} /> },
  ];
  return (
    <Table<Entitlement>
      size="small"
      rowKey={(e) => `${e.product}|${e.scope}|${e.contactRole}`}
      pagination={false}
      columns={columns}
      dataSource={entries}
      expandable={{ expandedRowRender: (e) => <Explanation e={e} /> }}
    />
  );
}

/** "What this customer gets" (PRODUCT.md §4): every service item by category, with the standard used and why. */
export function EntitlementsPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const [onlyProvided, setOnlyProvided] = useState(true);
  const state = useApi((signal) => findCustomerEntitlements(customerId, signal), [customerId]);
  if (state.error) return <ErrorAlert error={state.error} />;
  if (!state.data) return <Spin />;
  const data = state.data;
  const s = data.subject;

  const columns: TableColumnsType<Group> = [
    {
      title: t('catalog.grid.item'),
      key: 'item',
      width: 200,
      render: (_, g) => <Typography.Text strong>{itemName(g.item, i18n.language)}</Typography.Text>,
    },
    {
      title: t('catalog.entitlements.level'),
      key: 'level',
      width: 130,
      render: (_, g) =>
        g.entries.length === 1
          ? levelLabel(t, g.entries[0]!.level)
          : levelLabel(t, g.entries.find((e) => e.level)?.level),
    },
    {
      title: t('catalog.entitlements.standard'),
      key: 'standard',
      render: (_, g) =>
        g.entries.length === 1 ? (
          <StandardText e={g.entries[0]!} />
        ) : (
          <Space direction="vertical" size={0}>
            {g.entries.map((e) => (
              <Typography.Text
                key={`${e.product}|${e.scope}|${e.contactRole}`}
                type={e.provided ? undefined : 'secondary'}
              >
                {variantLabel(t, e)}:{e.provided ? (e.wording ?? '') : t('catalog.entitlements.notProvided')}
              </Typography.Text>
            ))}
          </Space>
        ),
    },
    {
      title: t('catalog.entitlements.deadline'),
      key: 'deadline',
      width: 210,
      render: (_, g) => (g.entries.length === 1 ? <Deadline e={g.entries[0]!} /> : null),
    },
    {
      title: t('catalog.entitlements.channels'),
      key: 'channels',
      width: 200,
      render: (_, g) => (g.entries.length === 1 ? <Channels e={g.entries[0]!} /> : null),
    },
  ];

  const groups = (category: ServiceItem['category']) =>
    data.items.filter((g) => g.item.category === category && (!onlyProvided || g.provided));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="entitlements-panel">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('catalog.entitlements.servedAt')}>
          {s.serviceTier ? levelLabel(t, s.serviceTier) : t('catalog.entitlements.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.entitlements.groupClass')}>
          {s.groupClass ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.entitlements.basis')}>
          <Typography.Text type="secondary">
            {t('catalog.entitlements.intro', { version: data.catalogVersion, at: formatInstant(data.at) })}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Space>
        <Switch size="small" checked={onlyProvided} onChange={setOnlyProvided} />
        <Typography.Text>{t('catalog.entitlements.onlyProvided')}</Typography.Text>
      </Space>
      {data.items.length === 0 && <Empty description={t('catalog.entitlements.empty')} />}
      {SERVICE_CATEGORIES.map((category) => {
        const rows = groups(category);
        if (rows.length === 0) return null;
        return (
          <Card key={category} size="small" title={<CategoryTag category={category} />}>
            <Table<Group>
              data-testid={`entitlements-${category}`}
              size="small"
              rowKey={(g) => g.item.code}
              pagination={false}
              columns={columns}
              dataSource={rows}
              expandable={{
                expandedRowRender: (g) =>
                  g.entries.length === 1 ? (
                    <Explanation e={g.entries[0]!} />
                  ) : (
                    <VariantTable entries={g.entries} />
                  ),
              }}
            />
          </Card>
        );
      })}
    </Space>
  );
}
