import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogDocument,
  SERVICE_ATTRIBUTES,
  SERVICE_CATEGORIES,
  SERVICE_NEEDS,
  type ServiceItem,
} from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { itemName, productLabel } from './catalog-format';
import { hasIssue, issuesAt, messageFor } from './draft-issues';
import { CategoryTag } from './standards-grid';

type ItemModalProps = {
  open: boolean;
  item: ServiceItem | null;
  index: number | null;
  issues: readonly FieldIssue[];
  onCancel: () => void;
  onApply: (item: ServiceItem) => void;
};

const EMPTY: ServiceItem = {
  code: '',
  name: '',
  nameEn: '',
  category: 'basic',
  attribute: 'group',
  need: 'basic',
  description: null,
  products: [],
  scoped: false,
};

function ItemModal({ open, item, index, issues, onCancel, onApply }: ItemModalProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState<ServiceItem>(EMPTY);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => {
    if (open) setValue(item ?? EMPTY);
  }, [open]);
  const found = index === null ? new Map<string, string>() : issuesAt(issues, `items[${index}]`);
  const field = (name: string) => {
    const help = messageFor(found, name);
    return help ? { validateStatus: 'error' as const, help } : {};
  };
  const set = (patch: Partial<ServiceItem>) => setValue({ ...value, ...patch });
  return (
    <Modal
      open={open}
      title={item ? t('catalog.items.edit') : t('catalog.items.add')}
      onCancel={onCancel}
      onOk={() => onApply(value)}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item label={t('catalog.items.code')} required {...field('code')}>
          <Input
            value={value.code}
            disabled={item !== null}
            onChange={(e) => set({ code: e.target.value.trim() })}
          />
        </Form.Item>
        <Form.Item label={t('catalog.items.name')} required {...field('name')}>
          <Input value={value.name} onChange={(e) => set({ name: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('catalog.items.nameEn')} required {...field('nameEn')}>
          <Input value={value.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('catalog.items.category')} {...field('category')}>
            <Select
              style={{ width: 140 }}
              value={value.category}
              options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`catalog.category.${c}`) }))}
              onChange={(category) => set({ category })}
            />
          </Form.Item>
          <Form.Item label={t('catalog.items.attribute')} {...field('attribute')}>
            <Select
              style={{ width: 140 }}
              value={value.attribute}
              options={SERVICE_ATTRIBUTES.map((c) => ({ value: c, label: t(`catalog.attribute.${c}`) }))}
              onChange={(attribute) => set({ attribute })}
            />
          </Form.Item>
          <Form.Item label={t('catalog.items.need')} {...field('need')}>
            <Select
              style={{ width: 140 }}
              value={value.need}
              options={SERVICE_NEEDS.map((c) => ({ value: c, label: t(`catalog.need.${c}`) }))}
              onChange={(need) => set({ need })}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('catalog.items.products')} {...field('products')}>
          <Select
            mode="tags"
            value={value.products ?? []}
            onChange={(products: string[]) => set({ products })}
            tokenSeparators={[',', ' ']}
          />
        </Form.Item>
        <Form.Item label={t('catalog.items.scoped')} {...field('scoped')}>
          <Switch checked={value.scoped ?? false} onChange={(scoped) => set({ scoped })} />
        </Form.Item>
        <Form.Item label={t('catalog.items.description')} {...field('description')}>
          <Input.TextArea
            autoSize
            value={value.description ?? ''}
            onChange={(e) => set({ description: e.target.value || null })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Props = {
  document: CatalogDocument;
  issues?: readonly FieldIssue[];
  /** Set while editing the draft. */
  onChange?: (next: CatalogDocument) => void;
};

/** Service items with category, attribute and need, filterable; editable in the draft. */
export function ItemsTab({ document, issues = [], onChange }: Props) {
  const { t, i18n } = useTranslation();
  const [category, setCategory] = useState<string | undefined>();
  const [attribute, setAttribute] = useState<string | undefined>();
  const [need, setNeed] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<{ item: ServiceItem | null; index: number | null } | null>(null);

  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const s of document.standards) map.set(s.itemCode, (map.get(s.itemCode) ?? 0) + 1);
    return map;
  }, [document]);

  const rows = document.items
    .map((item, index) => ({ item, index }))
    .filter(
      ({ item }) =>
        (!category || item.category === category) &&
        (!attribute || item.attribute === attribute) &&
        (!need || item.need === need) &&
        (!q || `${item.code} ${item.name} ${item.nameEn}`.toLowerCase().includes(q.toLowerCase())),
    );

  const remove = (code: string) => {
    if (!onChange) return;
    onChange({
      items: document.items.filter((i) => i.code !== code),
      standards: document.standards.filter((s) => s.itemCode !== code),
      channels: document.channels.filter((c) => c.itemCode !== code),
      actions: document.actions.map((a) => (a.itemCode === code ? { ...a, itemCode: null } : a)),
    });
  };

  const apply = (item: ServiceItem) => {
    if (!onChange || !editing) return;
    const items =
      editing.index === null
        ? [...document.items, item]
        : document.items.map((x, i) => (i === editing.index ? item : x));
    onChange({ ...document, items });
    setEditing(null);
  };

  type RowT = (typeof rows)[number];
  const columns: TableColumnsType<RowT> = [
    {
      title: t('catalog.items.name'),
      key: 'name',
      render: (_, { item, index }) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong type={hasIssue(issues, `items[${index}]`) ? 'danger' : undefined}>
            {itemName(item, i18n.language)}
          </Typography.Text>
          <Typography.Text type="secondary" code>
            {item.code}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('catalog.items.category'),
      key: 'category',
      render: (_, { item }) => <CategoryTag category={item.category} />,
    },
    {
      title: t('catalog.items.attribute'),
      key: 'attribute',
      render: (_, { item }) => t(`catalog.attribute.${item.attribute}`),
    },
    { title: t('catalog.items.need'), key: 'need', render: (_, { item }) => t(`catalog.need.${item.need}`) },
    {
      title: t('catalog.items.products'),
      key: 'products',
      render: (_, { item }) => (
        <Space size={[0, 4]} wrap>
          {(item.products ?? []).map((p) => (
            <Tag key={p}>{productLabel(t, p)}</Tag>
          ))}
          {item.scoped && <Tag color="cyan">{t('catalog.items.scoped')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('catalog.items.standards'),
      key: 'standards',
      width: 90,
      render: (_, { item }) => counts.get(item.code) ?? 0,
    },
    ...(onChange
      ? [
          {
            title: '',
            key: 'edit',
            width: 100,
            render: (_: unknown, { item, index }: RowT) => (
              <Space>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={`edit item ${item.code}`}
                  onClick={() => setEditing({ item, index })}
                />
                <Popconfirm title={t('catalog.items.removeConfirm')} onConfirm={() => remove(item.code)}>
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`delete item ${item.code}`}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const filter = (
    value: string | undefined,
    set: (v: string | undefined) => void,
    placeholder: string,
    options: { value: string; label: string }[],
  ) => (
    <Select
      allowClear
      style={{ width: 150 }}
      placeholder={placeholder}
      value={value}
      onChange={set}
      options={options}
    />
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('catalog.items.search')}
          style={{ width: 220 }}
          onSearch={setQ}
          onChange={(e) => setQ(e.target.value)}
        />
        {filter(
          category,
          setCategory,
          t('catalog.items.category'),
          SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`catalog.category.${c}`) })),
        )}
        {filter(
          attribute,
          setAttribute,
          t('catalog.items.attribute'),
          SERVICE_ATTRIBUTES.map((c) => ({ value: c, label: t(`catalog.attribute.${c}`) })),
        )}
        {filter(
          need,
          setNeed,
          t('catalog.items.need'),
          SERVICE_NEEDS.map((c) => ({ value: c, label: t(`catalog.need.${c}`) })),
        )}
        {onChange && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ item: null, index: null })}>
            {t('catalog.items.add')}
          </Button>
        )}
      </Space>
      <Table<RowT>
        data-testid="catalog-items"
        rowKey={(r) => r.item.code}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        expandable={{
          rowExpandable: ({ item }) => Boolean(item.description),
          expandedRowRender: ({ item }) => (
            <Typography.Text type="secondary">{item.description}</Typography.Text>
          ),
        }}
      />
      <ItemModal
        open={editing !== null}
        item={editing?.item ?? null}
        index={editing?.index ?? null}
        issues={issues}
        onCancel={() => setEditing(null)}
        onApply={apply}
      />
    </Space>
  );
}
