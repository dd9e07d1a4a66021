import { Empty } from 'antd';

/** The customer page's orders tab (being built). */
export function CustomerOrdersPanel({ customerId: _customerId }: { customerId: string }) {
  return <Empty />;
}
