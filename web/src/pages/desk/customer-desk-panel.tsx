import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaServiceLevel } from '../../api/agreements';
import { type Circuit, findCustomerCircuits, findCustomerTickets, findCustomerVisits } from '../../api/desk';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { ServiceLevelTag } from '../agreements/service-level-tag';
import { productLabel, scopeLabel } from '../catalog/catalog-format';
import { CustomerVisitor } from './customer-visitor';
import { NewCircuitModal } from './new-circuit-modal';
import { TicketTable } from './ticket-table';
import { VisitTable } from './visit-table';

/**
 * The customer file's 工单与回访 tab: its tickets (newest first), its return visits with its one
 * visitor (changed by admin/kam_manager) and its circuits (registered by admin/kam_manager).
 */
export function CustomerDeskPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  // POST /circuits is theirs.
  const canAddCircuit = role === 'admin' || role === 'kam_manager';
  const [addingCircuit, setAddingCircuit] = useState(false);
  const tickets = useApi(
    async (signal) => ({ items: await findCustomerTickets(customerId, signal), at: Date.now() }),
    [customerId],
  );
  const visits = useApi((signal) => findCustomerVisits(customerId, signal), [customerId]);
  const circuits = useApi((signal) => findCustomerCircuits(customerId, signal), [customerId]);
  const circuitColumns: TableColumnsType<Circuit> = [
    { title: t('desk.customerTab.circuitNumber'), dataIndex: 'circuitNumber' },
    { title: t('desk.customerTab.product'), key: 'product', render: (_, c) => productLabel(t, c.product) },
    { title: t('desk.customerTab.scope'), key: 'scope', render: (_, c) => scopeLabel(t, c.scope) },
    {
      // The SLA level in force on the circuit (issue 6).
      title: t('agreements.col.level'),
      key: 'serviceLevel',
      render: (_, c) => (
        <ServiceLevelTag level={(c as Circuit & { serviceLevel?: SlaServiceLevel | null }).serviceLevel} />
      ),
    },
    {
      title: t('desk.customerTab.bandwidth'),
      dataIndex: 'bandwidthMbps',
      render: (v: number | null) => v ?? '—',
    },
    {
      title: t('desk.customerTab.ends'),
      key: 'ends',
      render: (_, c) => (c.aEnd || c.zEnd ? `${c.aEnd ?? '—'} ↔ ${c.zEnd ?? '—'}` : '—'),
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="customer-desk-panel">
      <Card size="small" title={t('desk.customerTab.tickets')}>
        <ErrorAlert error={tickets.error} />
        <TicketTable
          tickets={tickets.data?.items ?? []}
          loading={tickets.loading && !tickets.data}
          fetchedAt={tickets.data?.at ?? Date.now()}
          showCustomer={false}
          showCreatedAt
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          testId="customer-tickets"
          emptyText={t('desk.customerTab.noTickets')}
        />
      </Card>
      <Card
        size="small"
        title={t('desk.customerTab.visits')}
        extra={<CustomerVisitor customerId={customerId} onChanged={visits.reload} />}
      >
        <ErrorAlert error={visits.error} />
        <VisitTable
          visits={visits.data ?? []}
          loading={visits.loading && !visits.data}
          showCustomer={false}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          testId="customer-visits"
          emptyText={t('desk.customerTab.noVisits')}
        />
      </Card>
      <Card
        size="small"
        title={t('desk.customerTab.circuits')}
        extra={
          canAddCircuit && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setAddingCircuit(true)}
              data-testid="circuit-add"
            >
              {t('desk.customerTab.newCircuit')}
            </Button>
          )
        }
      >
        <ErrorAlert error={circuits.error} />
        <Table<Circuit>
          rowKey="id"
          size="small"
          columns={circuitColumns}
          dataSource={circuits.data ?? []}
          loading={circuits.loading && !circuits.data}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('desk.customerTab.noCircuits') }}
          data-testid="customer-circuits"
        />
        {canAddCircuit && (
          <NewCircuitModal
            customerId={customerId}
            open={addingCircuit}
            onClose={() => setAddingCircuit(false)}
            onCreated={(circuit) => {
              setAddingCircuit(false);
              message.success(t('desk.customerTab.circuitCreated', { number: circuit.circuitNumber }));
              circuits.reload();
            }}
          />
        )}
      </Card>
    </Space>
  );
}
