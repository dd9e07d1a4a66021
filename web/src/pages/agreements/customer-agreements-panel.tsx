import { Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  type CustomerCircuit,
  findCustomerAgreements,
  findCustomerCircuitsWithLevel,
} from '../../api/agreements';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { productLabel } from '../catalog/catalog-format';
import { AgreementEditor } from './agreement-editor';
import { AgreementTable } from './agreements-page';
import { AvailabilityChartCard } from './availability-card';
import { ServiceLevelTag } from './service-level-tag';

/** The customer page's SLA tab: its agreements, its circuits with the level in force, availability, outages. */
export function CustomerAgreementsPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const agreements = useApi((signal) => findCustomerAgreements(customerId, signal), [customerId]);
  const circuits = useApi((signal) => findCustomerCircuitsWithLevel(customerId, signal), [customerId]);
  const [creating, setCreating] = useState(false);
  const [chartCircuit, setChartCircuit] = useState<string | null>(null);
  const canCreate = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="customer-agreements-panel"
    >
      <Card
        size="small"
        title={t('agreements.title')}
        extra={
          canCreate && (
            <Button
              size="small"
              type="primary"
              onClick={() => setCreating(true)}
              data-testid="customer-agreement-create"
            >
              {t('agreements.create')}
            </Button>
          )
        }
      >
        <ErrorAlert error={agreements.error} />
        <AgreementTable
          items={agreements.data ?? []}
          loading={agreements.loading && !agreements.data}
          showCustomer={false}
        />
      </Card>
      <Card size="small" title={t('agreements.page.circuits')}>
        <ErrorAlert error={circuits.error} />
        <Table<CustomerCircuit>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={circuits.data ?? []}
          loading={circuits.loading && !circuits.data}
          data-testid="customer-sla-circuits"
          onRow={(k) => ({ onClick: () => setChartCircuit(k.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('agreements.outages.circuit'), dataIndex: 'circuitNumber' },
            { title: t('desk.customerTab.product'), key: 'p', render: (_, k) => productLabel(t, k.product) },
            {
              title: t('agreements.col.level'),
              key: 'l',
              render: (_, k) => <ServiceLevelTag level={k.serviceLevel} showNone />,
            },
          ]}
        />
      </Card>
      {chartCircuit && <AvailabilityChartCard circuitId={chartCircuit} />}
      {creating && (
        <AgreementEditor
          open
          mode={{ kind: 'create', customerId }}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            navigate(`/agreements/${saved.id}`);
          }}
        />
      )}
    </Space>
  );
}
