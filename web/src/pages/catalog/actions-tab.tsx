import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_KINDS, type CatalogDocument, type MandatoryAction, SERVICE_LEVELS } from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { ActionModal, actionFieldLabel } from './action-modal';
import { formatSchedule, itemName, levelLabel } from './catalog-format';
import { issuesAt } from './draft-issues';

const LEVEL_ORDER = new Map<string, number>(SERVICE_LEVELS.map((l, i) => [l, i]));

type Row = { action: MandatoryAction; index: number };

type Props = {
  document: CatalogDocument;
  /** Field issues of the last save, shown on the rows they name. */
  issues?: readonly FieldIssue[];
  /** Set while editing the draft. */
  onChange?: (next: CatalogDocument) => void;
};

/**
 * The mandatory actions (规定动作) of each level, in the star table's order; in the draft an
 * administrator adds, edits and removes them, and the server's issues show on their rows.
 */
export function ActionsTab({ document, issues = [], onChange }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<{ action: MandatoryAction | null; index: number | null } | null>(
    null,
  );
  const items = new Map(document.items.map((i) => [i.code, i]));
  // sorted for display; `index` stays the action's place in `document.actions`
  const rows: Row[] = document.actions
    .map((action, index) => ({ action, index }))
    .sort(
      (a, b) =>
        (LEVEL_ORDER.get(a.action.level) ?? 99) - (LEVEL_ORDER.get(b.action.level) ?? 99) ||
        a.index - b.index,
    );

  const apply = (action: MandatoryAction) => {
    if (!onChange || !editing) return;
    const actions =
      editing.index === null
        ? [...document.actions, action]
        : document.actions.map((a, i) => (i === editing.index ? action : a));
    onChange({ ...document, actions });
    setEditing(null);
  };
  const remove = (index: number) =>
    onChange?.({ ...document, actions: document.actions.filter((_, i) => i !== index) });

  const columns: TableColumnsType<Row> = [
    {
      title: t('catalog.actions.level'),
      key: 'level',
      width: 120,
      onCell: (row, at = 0) => {
        const level = row.action.level;
        const first = rows.findIndex((r) => r.action.level === level);
        return { rowSpan: first === at ? rows.filter((r) => r.action.level === level).length : 0 };
      },
      render: (_, { action }) => <Tag color="geekblue">{levelLabel(t, action.level)}</Tag>,
    },
    {
      title: t('catalog.actions.name'),
      key: 'name',
      render: (_, { action, index }) => {
        const found = issuesAt(issues, `actions[${index}]`);
        return (
          <Space direction="vertical" size={0}>
            <span>
              <Typography.Text type={found.size > 0 ? 'danger' : undefined}>
                {i18n.language.startsWith('en') ? action.nameEn : action.name}
              </Typography.Text>{' '}
              <Typography.Text type="secondary" code>
                {action.code}
              </Typography.Text>
            </span>
            {[...found].map(([field, message]) => (
              <Typography.Text key={field} type="danger" data-testid="action-issue">
                {field ? `${actionFieldLabel(t, field)}: ` : ''}
                {message}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('catalog.actions.kind'),
      key: 'kind',
      render: (_, { action }) =>
        (ACTION_KINDS as readonly string[]).includes(action.kind)
          ? t(`catalog.actionKind.${action.kind as (typeof ACTION_KINDS)[number]}`)
          : action.kind,
    },
    {
      title: t('catalog.actions.schedule'),
      key: 'schedule',
      render: (_, { action }) => formatSchedule(t, action.schedule),
    },
    {
      title: t('catalog.actions.item'),
      key: 'item',
      render: (_, { action }) => {
        const item = action.itemCode ? items.get(action.itemCode) : undefined;
        return item ? itemName(item, i18n.language) : (action.itemCode ?? '');
      },
    },
    {
      title: t('catalog.actions.owner'),
      key: 'owner',
      render: () => t('catalog.actions.ownerAccountManager'),
    },
    ...(onChange
      ? [
          {
            title: '',
            key: 'edit',
            width: 100,
            render: (_: unknown, { action, index }: Row) => (
              <Space>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={`edit action ${action.code}`}
                  onClick={() => setEditing({ action, index })}
                />
                <Popconfirm title={t('catalog.actions.removeConfirm')} onConfirm={() => remove(index)}>
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`delete action ${action.code}`}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {onChange && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing({ action: null, index: null })}>
          {t('catalog.actions.add')}
        </Button>
      )}
      <Table<Row>
        data-testid="catalog-actions"
        rowKey={(r) => String(r.index)}
        size="small"
        bordered
        pagination={false}
        columns={columns}
        dataSource={rows}
      />
      {onChange && (
        <ActionModal
          open={editing !== null}
          action={editing?.action ?? null}
          index={editing?.index ?? null}
          items={document.items}
          issues={issues}
          onCancel={() => setEditing(null)}
          onApply={apply}
        />
      )}
    </Space>
  );
}
