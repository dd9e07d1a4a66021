import { EditOutlined } from '@ant-design/icons';
import { Button, Space, Switch, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogDocument,
  CLASS_LEVELS,
  type ServiceItem,
  type ServiceLevel,
  type Standard,
  TIER_LEVELS,
} from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { itemName, levelLabel, standardSummary, variantLabel } from './catalog-format';
import { hasIssue } from './draft-issues';

const CATEGORY_COLOR: Record<ServiceItem['category'], string> = {
  basic: 'blue',
  value_added: 'gold',
  extended: 'purple',
};

export function CategoryTag({ category }: { category: ServiceItem['category'] }) {
  const { t } = useTranslation();
  return <Tag color={CATEGORY_COLOR[category]}>{t(`catalog.category.${category}`)}</Tag>;
}

export type IndexedStandard = { standard: Standard; index: number };

/** Standards of the document by `item|level`, keeping each one's index in `document.standards`. */
export function standardsByCell(doc: CatalogDocument): Map<string, IndexedStandard[]> {
  const cells = new Map<string, IndexedStandard[]>();
  doc.standards.forEach((standard, index) => {
    const key = `${standard.itemCode}|${standard.level}`;
    cells.set(key, [...(cells.get(key) ?? []), { standard, index }]);
  });
  return cells;
}

function Cell({ entries, issues }: { entries: IndexedStandard[]; issues: readonly FieldIssue[] }) {
  const { t } = useTranslation();
  if (entries.length === 0)
    return <Typography.Text type="secondary">{t('catalog.noStandard')}</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      {entries.map(({ standard: s, index }) => {
        const variant = variantLabel(t, s);
        const bad = hasIssue(issues, `standards[${index}]`);
        return (
          <div
            key={index}
            data-testid="grid-standard"
            style={bad ? { outline: '1px solid #ff4d4f', padding: 2 } : undefined}
          >
            {variant && <Typography.Text type="secondary">{variant}:</Typography.Text>}
            {s.provided ? (
              <Typography.Text>{standardSummary(t, s)}</Typography.Text>
            ) : (
              <Tag>{t('catalog.notProvided')}</Tag>
            )}
          </div>
        );
      })}
    </Space>
  );
}

type Props = {
  document: CatalogDocument;
  /** Field issues of the last save, to mark the cells they name. */
  issues?: readonly FieldIssue[];
  /** Set when the draft is being edited: a cell's pencil opens its editor. */
  onEditCell?: (item: ServiceItem, level: ServiceLevel) => void;
};

/**
 * The star standards table as people know it (seed 001): one row per service item, one column per
 * star level 5★…1★ and the basic standard, and on request the group classes A/B/C.
 */
export function StandardsGrid({ document, issues = [], onEditCell }: Props) {
  const { t, i18n } = useTranslation();
  const [showClasses, setShowClasses] = useState(false);
  const cells = useMemo(() => standardsByCell(document), [document]);
  const levels: ServiceLevel[] = [...TIER_LEVELS, ...(showClasses ? CLASS_LEVELS : []), 'basic'];

  const columns: TableColumnsType<ServiceItem> = [
    {
      title: t('catalog.grid.item'),
      key: 'item',
      fixed: 'left',
      width: 200,
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{itemName(item, i18n.language)}</Typography.Text>
          <CategoryTag category={item.category} />
        </Space>
      ),
    },
    ...levels.map((level) => ({
      title: levelLabel(t, level),
      key: level,
      width: level === 'basic' ? 220 : 170,
      render: (_: unknown, item: ServiceItem) => (
        <Space align="start" size={4}>
          <Cell entries={cells.get(`${item.code}|${level}`) ?? []} issues={issues} />
          {onEditCell && (
            <Tooltip
              title={t('catalog.editor.editCell', {
                item: itemName(item, i18n.language),
                level: levelLabel(t, level),
              })}
            >
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                aria-label={`edit ${item.code} ${level}`}
                onClick={() => onEditCell(item, level)}
              />
            </Tooltip>
          )}
        </Space>
      ),
    })),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Switch checked={showClasses} onChange={setShowClasses} size="small" />
        <Typography.Text>{t('catalog.showClasses')}</Typography.Text>
        <Typography.Text type="secondary">· {t('catalog.fallbackHint')}</Typography.Text>
      </Space>
      <Table<ServiceItem>
        data-testid="standards-grid"
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={columns}
        dataSource={document.items}
      />
    </Space>
  );
}
