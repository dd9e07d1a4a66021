import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CatalogDocument, type MandatoryAction, SERVICE_LEVELS } from '../../api/catalog';
import { formatSchedule, itemName, levelLabel } from './catalog-format';

const LEVEL_ORDER = new Map<string, number>(SERVICE_LEVELS.map((l, i) => [l, i]));

/** The mandatory actions (规定动作) of each level, in the star table's order. */
export function ActionsTab({ document }: { document: CatalogDocument }) {
  const { t, i18n } = useTranslation();
  const items = new Map(document.items.map((i) => [i.code, i]));
  const rows = [...document.actions].sort(
    (a, b) => (LEVEL_ORDER.get(a.level) ?? 99) - (LEVEL_ORDER.get(b.level) ?? 99),
  );
  const columns: TableColumnsType<MandatoryAction> = [
    {
      title: t('catalog.actions.level'),
      key: 'level',
      width: 120,
      onCell: (row, index = 0) => {
        const first = rows.findIndex((r) => r.level === row.level);
        const span = first === index ? rows.filter((r) => r.level === row.level).length : 0;
        return { rowSpan: span };
      },
      render: (_, row) => <Tag color="geekblue">{levelLabel(t, row.level)}</Tag>,
    },
    {
      title: t('catalog.actions.name'),
      key: 'name',
      render: (_, row) => (
        <>
          <Typography.Text>{i18n.language.startsWith('en') ? row.nameEn : row.name}</Typography.Text>{' '}
          <Typography.Text type="secondary" code>
            {row.code}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('catalog.actions.kind'),
      key: 'kind',
      render: (_, row) =>
        ['visit', 'report', 'greeting', 'birthday_care', 'review', 'other'].includes(row.kind)
          ? t(`catalog.actionKind.${row.kind as 'visit'}`)
          : row.kind,
    },
    {
      title: t('catalog.actions.schedule'),
      key: 'schedule',
      render: (_, row) => formatSchedule(t, row.schedule),
    },
    {
      title: t('catalog.actions.item'),
      key: 'item',
      render: (_, row) => {
        const item = row.itemCode ? items.get(row.itemCode) : undefined;
        return item ? itemName(item, i18n.language) : (row.itemCode ?? '');
      },
    },
    {
      title: t('catalog.actions.owner'),
      key: 'owner',
      render: () => t('catalog.actions.ownerAccountManager'),
    },
  ];
  return (
    <Table<MandatoryAction>
      data-testid="catalog-actions"
      rowKey="code"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      dataSource={rows}
    />
  );
}
