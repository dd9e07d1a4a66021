/** The customer page's orders tab: the customer's orders and, for the roles that accept orders, a new one. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Drawer, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { findCustomerOrders } from '../../api/orders';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { OrderEntry } from './order-entry';
import { ORDER_CREATOR_ROLES, OrdersTable } from './orders-page';

export function CustomerOrdersPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const [entry, setEntry] = useState(false);
  const list = useApi((signal) => findCustomerOrders(customerId, signal), [customerId]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-orders">
      {role && ORDER_CREATOR_ROLES.includes(role) ? (
        <Button icon={<PlusOutlined />} onClick={() => setEntry(true)}>
          {t('orders.newOrder')}
        </Button>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <OrdersTable items={list.data?.items ?? []} loading={list.loading} showCustomer={false} />
      <Drawer
        open={entry}
        width="min(1200px, 100vw)"
        title={t('orders.entry.title')}
        onClose={() => setEntry(false)}
        destroyOnClose
      >
        <OrderEntry customerId={customerId} onCreated={(o) => navigate(`/orders/${o.id}`)} />
      </Drawer>
    </Space>
  );
}
