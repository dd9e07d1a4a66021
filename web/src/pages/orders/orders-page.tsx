/**
 * Orders (业务开通): the list with filters (search, state, class, overdue), state tags, overdue
 * and provisional marks, the expected date with its reason on hover; the timeliness chart; and
 * the order entry in a drawer for the roles that accept orders.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Drawer, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { findOrders, formatFen, ORDER_STATES, type OrderView, PROVISIONING_CLASSES } from '../../api/orders';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { OrderEntry } from './order-entry';
import { ClassTag, DueDate, OrderStateTag } from './order-labels';
import { TimelinessChart } from './timeliness-chart';

export const ORDER_CREATOR_ROLES = ['admin', 'kam_manager', 'account_manager', 'frontdesk'];
const PAGE = 20;

export function OrdersTable({
  items,
  loading,
  total,
  page,
  onPage,
  showCustomer = true,
}: {
  items: OrderView[];
  loading: boolean;
  total?: number;
  page?: number;
  onPage?: (p: number) => void;
  showCustomer?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      data-testid="orders-table"
      pagination={
        onPage ? { current: page, pageSize: PAGE, total, onChange: onPage, showSizeChanger: false } : false
      }
      columns={[
        {
          title: t('orders.list.number'),
          render: (_, o) => <Link to={`/orders/${o.id}`}>{o.orderNumber}</Link>,
        },
        ...(showCustomer
          ? [
              {
                title: t('orders.list.customer'),
                render: (_: unknown, o: OrderView) => (
                  <Space size={4}>
                    <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>
                    {o.isHeadquarters ? <Tag>{t('orders.list.hq')}</Tag> : null}
                  </Space>
                ),
              },
            ]
          : []),
        {
          title: t('orders.list.state'),
          render: (_, o) => (
            <Space size={4} wrap>
              <OrderStateTag state={o.state} />
              {o.overdueItems > 0 ? (
                <Tag color="red" data-testid="overdue-tag">
                  {t('orders.list.overdue', { count: o.overdueItems })}
                </Tag>
              ) : null}
            </Space>
          ),
        },
        {
          title: t('orders.list.classes'),
          render: (_, o) => (
            <Space size={2} wrap>
              {o.classes.map((c) => (
                <ClassTag key={c} cls={c === 'none' ? null : c} />
              ))}
            </Space>
          ),
        },
        { title: t('orders.list.activated'), render: (_, o) => `${o.activatedCount} / ${o.itemCount}` },
        {
          title: t('orders.list.expected'),
          render: (_, o) => (
            <DueDate
              date={o.expectedCompletionDate}
              provisional={o.expectedProvisional}
              overdue={o.overdueItems > 0}
              reason={o.dueText}
            />
          ),
        },
        { title: t('orders.list.oneTime'), align: 'right', render: (_, o) => formatFen(o.oneTimeFeeFen) },
        { title: t('orders.list.created'), render: (_, o) => formatInstant(o.createdAt) },
      ]}
    />
  );
}

export function OrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const [q, setQ] = useState('');
  const [state, setState] = useState<string>();
  const [cls, setCls] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [entry, setEntry] = useState(false);
  const list = useApi(
    (signal) =>
      findOrders(
        {
          q: q || undefined,
          state,
          provisioningClass: cls,
          overdue: overdue || undefined,
          limit: PAGE,
          offset: (page - 1) * PAGE,
        },
        signal,
      ),
    [q, state, cls, overdue, page],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orders.title')}
        </Typography.Title>
        {role && ORDER_CREATOR_ROLES.includes(role) ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEntry(true)}
            data-testid="new-order"
          >
            {t('orders.newOrder')}
          </Button>
        ) : null}
      </Space>
      <TimelinessChart />
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('orders.list.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 260 }}
          data-testid="orders-search"
        />
        <Select
          allowClear
          placeholder={t('orders.list.state')}
          style={{ width: 140 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={ORDER_STATES.map((s) => ({ value: s, label: t(`orders.state.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('orders.list.class')}
          style={{ width: 140 }}
          value={cls}
          onChange={(v) => {
            setCls(v);
            setPage(1);
          }}
          options={[...PROVISIONING_CLASSES, 'none' as const].map((c) => ({
            value: c,
            label: t(`orders.class.${c}`),
          }))}
        />
        <Checkbox
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.target.checked);
            setPage(1);
          }}
          data-testid="orders-overdue"
        >
          {t('orders.list.overdueOnly')}
        </Checkbox>
      </Space>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <OrdersTable
        items={list.data?.items ?? []}
        total={list.data?.total}
        loading={list.loading}
        page={page}
        onPage={setPage}
      />
      <Drawer
        open={entry}
        width="min(1200px, 100vw)"
        title={t('orders.entry.title')}
        onClose={() => setEntry(false)}
        destroyOnClose
      >
        <OrderEntry onCreated={(o) => navigate(`/orders/${o.id}`)} />
      </Drawer>
    </Space>
  );
}
