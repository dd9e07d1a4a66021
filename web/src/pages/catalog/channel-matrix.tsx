import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogDocument,
  CHANNELS,
  type Channel,
  type ChannelRule,
  type ServiceItem,
} from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { channelLabel, itemName, levelShort } from './catalog-format';
import { ChannelRuleModal } from './channel-rule-modal';
import { issuesAt } from './draft-issues';

type Props = {
  document: CatalogDocument;
  /** Field issues of the last save, shown in the cells they name. */
  issues?: readonly FieldIssue[];
  /** Set while editing the draft. */
  onChange?: (next: CatalogDocument) => void;
};

const ruleKey = (channel: string, itemCode: string) => `${channel}|${itemCode}`;

/**
 * Which channel delivers which item to which levels (the CSC matrix of seed 004). In the draft an
 * administrator adds a rule for a channel × item, changes its levels and role, or removes it.
 */
export function ChannelMatrix({ document, issues = [], onChange }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<{ rule: ChannelRule; index: number | null } | null>(null);
  const rules = new Map(
    document.channels.map((rule, index) => [ruleKey(rule.channel, rule.itemCode), { rule, index }]),
  );
  const rows = document.items.filter((i) => document.channels.some((c) => c.itemCode === i.code));

  const blank = (channel: Channel, itemCode: string): ChannelRule => ({
    channel,
    itemCode,
    levels: [],
    role: 'primary',
  });
  const apply = (rule: ChannelRule) => {
    if (!onChange || !editing) return;
    // a new rule for a channel × item that has one replaces it: one rule per pair
    const at =
      editing.index ??
      document.channels.findIndex((r) => r.channel === rule.channel && r.itemCode === rule.itemCode);
    const channels =
      at < 0 ? [...document.channels, rule] : document.channels.map((r, i) => (i === at ? rule : r));
    onChange({ ...document, channels });
    setEditing(null);
  };
  const remove = () => {
    if (!onChange || editing?.index == null) return;
    const gone = editing.index;
    onChange({ ...document, channels: document.channels.filter((_, i) => i !== gone) });
    setEditing(null);
  };

  const columns: TableColumnsType<ServiceItem> = [
    {
      title: t('catalog.channels.item'),
      key: 'item',
      fixed: 'left',
      width: 200,
      render: (_, item) => itemName(item, i18n.language),
    },
    ...CHANNELS.map((channel) => ({
      title: channelLabel(t, channel),
      key: channel,
      render: (_: unknown, item: ServiceItem) => {
        const entry = rules.get(ruleKey(channel, item.code));
        const found = entry ? issuesAt(issues, `channels[${entry.index}]`) : new Map<string, string>();
        const tags = entry ? (
          <Space size={[2, 2]} wrap data-testid={`channel-${channel}-${item.code}`}>
            {entry.rule.levels.map((level) => (
              <Tag
                key={level}
                color={entry.rule.role === 'primary' ? 'blue' : undefined}
                bordered
                title={t(`catalog.channelRole.${entry.rule.role}`)}
              >
                {levelShort(t, level)}
              </Tag>
            ))}
          </Space>
        ) : null;
        if (!onChange) return tags;
        return (
          <Space
            direction="vertical"
            size={2}
            style={found.size > 0 ? { outline: '1px solid #ff4d4f', padding: 2 } : undefined}
          >
            <Space align="start" size={4}>
              {tags}
              <Button
                size="small"
                type="text"
                icon={entry ? <EditOutlined /> : <PlusOutlined />}
                aria-label={`${entry ? 'edit' : 'add'} channel ${channel} ${item.code}`}
                onClick={() =>
                  setEditing(entry ? { ...entry } : { rule: blank(channel, item.code), index: null })
                }
              />
            </Space>
            {[...found.values()].map((message) => (
              <Typography.Text key={message} type="danger" data-testid="channel-issue">
                {message}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    })),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {onChange && (
          <Button
            icon={<PlusOutlined />}
            disabled={document.items.length === 0}
            onClick={() =>
              setEditing({ rule: blank('account_manager', document.items[0]?.code ?? ''), index: null })
            }
          >
            {t('catalog.channels.add')}
          </Button>
        )}
        <Typography.Text type="secondary">
          {t('catalog.channels.legendPrimary')} · {t('catalog.channels.legendSupport')}
        </Typography.Text>
      </Space>
      <Table<ServiceItem>
        data-testid="channel-matrix"
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={columns}
        dataSource={rows}
      />
      {onChange && (
        <ChannelRuleModal
          open={editing !== null}
          rule={editing?.rule ?? null}
          index={editing?.index ?? null}
          items={document.items}
          rules={document.channels}
          issues={issues}
          onCancel={() => setEditing(null)}
          onApply={apply}
          onRemove={remove}
        />
      )}
    </Space>
  );
}
