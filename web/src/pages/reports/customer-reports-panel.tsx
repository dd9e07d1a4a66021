import { Empty } from 'antd';

/** The customer page's reports tab (being built). */
export function CustomerReportsPanel({ customerId: _customerId }: { customerId: string }) {
  return <Empty />;
}
