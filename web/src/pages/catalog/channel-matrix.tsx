import { Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CatalogDocument, CHANNELS, type ChannelRule, type ServiceItem } from '../../api/catalog';
import { channelLabel, itemName, levelShort } from './catalog-format';

/** Which channel delivers which item to which levels (the CSC matrix of seed 004). */
export function ChannelMatrix({ document }: { document: CatalogDocument }) {
  const { t, i18n } = useTranslation();
  const rules = new Map<string, ChannelRule>(document.channels.map((c) => [`${c.channel}|${c.itemCode}`, c]));
  const rows = document.items.filter((i) => document.channels.some((c) => c.itemCode === i.code));
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
        const rule = rules.get(`${channel}|${item.code}`);
        if (!rule) return null;
        return (
          <Space size={[2, 2]} wrap data-testid={`channel-${channel}-${item.code}`}>
            {rule.levels.map((level) => (
              <Tag
                key={level}
                color={rule.role === 'primary' ? 'blue' : undefined}
                bordered
                title={t(`catalog.channelRole.${rule.role}`)}
              >
                {levelShort(t, level)}
              </Tag>
            ))}
          </Space>
        );
      },
    })),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('catalog.channels.legendPrimary')} · {t('catalog.channels.legendSupport')}
      </Typography.Text>
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
    </Space>
  );
}
