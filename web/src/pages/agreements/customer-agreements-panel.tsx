import { Empty } from 'antd';

/** The customer page's agreements tab (being built). */
export function CustomerAgreementsPanel({ customerId: _customerId }: { customerId: string }) {
  return <Empty />;
}
