import { ApartmentOutlined, LockOutlined } from '@ant-design/icons';
import { Breadcrumb, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { getHierarchy, type HierarchyNode } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { TIER_COLORS } from './customer-format';

type Labels = {
  hidden: string;
  hiddenMany: (count: number) => string;
  current: string;
  headquarters: string;
};

/**
 * The group as antd tree data: the current one marked; out-of-scope customers come without an id,
 * so their key is made from their place (`hidden:<parent key>:<index>`), greyed and disabled.
 */
export function toTreeData(node: HierarchyNode, currentId: string, labels: Labels, key = 'root'): DataNode {
  const isCurrent = node.id === currentId;
  const nodeKey = node.id ?? `hidden:${key}`;
  const title = node.visible ? (
    <Space size={4} wrap={false} data-testid={`hierarchy-node-${node.id}`}>
      <Typography.Text strong={isCurrent} style={isCurrent ? { color: '#1668dc' } : undefined}>
        {node.name}
      </Typography.Text>
      {node.code && <Typography.Text type="secondary">({node.code})</Typography.Text>}
      {node.tier && (
        <Tag color={TIER_COLORS[node.tier]} style={{ marginInlineEnd: 0 }}>
          {node.tier}
        </Tag>
      )}
      {node.isHeadquarters && <Tag color="geekblue">{labels.headquarters}</Tag>}
      {isCurrent && <Tag color="processing">{labels.current}</Tag>}
    </Space>
  ) : (
    <Typography.Text type="secondary" data-testid="hierarchy-node-hidden">
      <LockOutlined /> {node.hiddenCount > 1 ? labels.hiddenMany(node.hiddenCount) : labels.hidden}
    </Typography.Text>
  );
  return {
    key: nodeKey,
    title,
    disabled: !node.visible,
    selectable: node.visible,
    children: node.children.map((child, i) => toTreeData(child, currentId, labels, `${nodeKey}:${i}`)),
  };
}

/** Tree keys of the nodes on the way from the root to `id` (inclusive), or [] when absent. */
export function findPath(node: HierarchyNode, id: string, key = 'root'): string[] {
  const nodeKey = node.id ?? `hidden:${key}`;
  if (node.id === id) return [nodeKey];
  for (const [i, child] of node.children.entries()) {
    const path = findPath(child, id, `${nodeKey}:${i}`);
    if (path.length > 0) return [nodeKey, ...path];
  }
  return [];
}

/** The customer's group (集团 → 成员单位); clicking a visible unit opens its customer page. */
export function HierarchyCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const hierarchy = useApi((signal) => getHierarchy(customerId, signal), [customerId]);
  const data = hierarchy.data;

  const treeData = useMemo(
    () =>
      data
        ? [
            toTreeData(data.root, customerId, {
              hidden: t('customers.hierarchy.hidden'),
              hiddenMany: (count: number) => t('customers.hierarchy.hiddenMany', { count }),
              current: t('customers.hierarchy.current'),
              headquarters: t('customers.headquarters'),
            }),
          ]
        : [],
    [data, customerId, t],
  );
  // Open the way down to this customer and its own members.
  const expandedKeys = useMemo(() => (data ? findPath(data.root, customerId) : []), [data, customerId]);

  if (hierarchy.loading && !data) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-hierarchy">
      <ErrorAlert error={hierarchy.error} />
      {data && data.ancestors.length > 0 && (
        <Breadcrumb
          items={[
            { title: <ApartmentOutlined aria-label={t('customers.hierarchy.path')} /> },
            ...data.ancestors.map((ancestor, i) => ({
              key: ancestor.id ?? `hidden:${i}`,
              title:
                ancestor.visible === false || ancestor.id === null || ancestor.name === null ? (
                  <Typography.Text type="secondary">{t('customers.hierarchy.hidden')}</Typography.Text>
                ) : (
                  <Link to={`/customers/${ancestor.id}?tab=hierarchy`}>{ancestor.name}</Link>
                ),
            })),
          ]}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('customers.hierarchy.hint')}
      </Typography.Text>
      {data && (
        <Tree
          key={customerId}
          showLine
          blockNode
          treeData={treeData}
          defaultExpandedKeys={expandedKeys}
          selectedKeys={[customerId]}
          onSelect={(_keys, info) => {
            const id = String(info.node.key);
            // Stay on this tab so that the user can walk the group.
            if (id !== customerId && !id.startsWith('hidden:')) navigate(`/customers/${id}?tab=hierarchy`);
          }}
        />
      )}
    </Space>
  );
}
