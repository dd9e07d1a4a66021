import { ArrowLeftOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { type Customer, getCustomer } from '../../api/customers';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { CustomerAgreementsPanel } from '../agreements/customer-agreements-panel';
import { CustomerDeskPanel } from '../desk/customer-desk-panel';
import { CustomerOrdersPanel } from '../orders/customer-orders-panel';
import { CustomerReportsPanel } from '../reports/customer-reports-panel';
import { CustomerResourcesPanel } from '../resources/customer-resources-panel';
import { BillingCard } from './billing-card';
import { ContactsCard } from './contacts-card';
import { canEditCustomer, canTransferCustomer } from './customer-access';
import { EditCustomerModal } from './customer-form-modal';
import { type Lookups, useLookups } from './customer-lookups';
import { HierarchyCard } from './hierarchy-card';
import { NotesCard } from './notes-card';
import { AssessmentPanel } from './panels/assessment-panel';
import { CustomerTasksPanel } from './panels/customer-tasks-panel';
import { EntitlementsPanel } from './panels/entitlements-panel';
import { IndicatorInputsPanel } from './panels/indicator-inputs-panel';
import { SatisfactionPanel } from './panels/satisfaction-panel';
import { TierPanel } from './panels/tier-panel';
import { TierTag } from './tier-tag';
import { TransferModal } from './transfer-modal';
import { TransfersCard } from './transfers-card';

export const CUSTOMER_TABS = [
  'profile',
  'contacts',
  'hierarchy',
  'billing',
  'notes',
  'value',
  'tier',
  'satisfaction',
  'entitlements',
  'tasks',
  'resources',
  'desk',
  'orders',
  'agreements',
  'reports',
] as const;
export type CustomerTab = (typeof CUSTOMER_TABS)[number];

function isCustomerTab(value: unknown): value is CustomerTab {
  return typeof value === 'string' && (CUSTOMER_TABS as readonly string[]).includes(value);
}

/** The value, or a grey dash when it is missing. */
function OrNone({ value }: { value: ReactNode }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') {
    return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  }
  return value;
}

function CustomerHeader({
  customer,
  lookups,
  actions,
}: {
  customer: Customer;
  lookups: Lookups;
  actions: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card data-testid="customer-header">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size="middle" wrap>
            <Link to="/customers" aria-label={t('customers.header.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {customer.name}
            </Typography.Title>
            <TierTag tier={customer.tier} stars={customer.stars} groupClass={customer.groupClass} />
            {customer.status === 'inactive' && <Tag>{t('customers.status.inactive')}</Tag>}
          </Space>
          <Space>{actions}</Space>
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('customers.field.code')}>
            <Typography.Text code copyable>
              {customer.code}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.creditCode')}>
            <OrNone value={customer.creditCode} />
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.accountManager')}>
            <OrNone value={customer.accountManagerName} />
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.industry')}>
            {lookups.industryName(customer.industry)}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.region')}>
            {customer.regionName ?? customer.regionCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.isHeadquarters')}>
            <Space size={4} wrap>
              <Tag color={customer.isHeadquarters ? 'geekblue' : 'default'}>
                {customer.isHeadquarters ? t('customers.headquarters') : t('customers.member')}
              </Tag>
              {customer.parentId ? (
                <Link to={`/customers/${customer.parentId}`}>{customer.parentName ?? customer.parentId}</Link>
              ) : (
                <Typography.Text type="secondary">{t('customers.topLevel')}</Typography.Text>
              )}
              {customer.memberCount > 0 && (
                <Typography.Text type="secondary">
                  · {t('customers.field.memberCount')} {customer.memberCount}
                </Typography.Text>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.customerSince')}>
            <OrNone value={customer.customerSince} />
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.field.tierEffectiveDate')}>
            <OrNone value={customer.tierEffectiveDate} />
          </Descriptions.Item>
        </Descriptions>
      </Space>
    </Card>
  );
}

function Paragraph({ text }: { text: string | null }) {
  const { t } = useTranslation();
  if (!text) return <Typography.Text type="secondary">{t('customers.profile.empty')}</Typography.Text>;
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text}</Typography.Paragraph>
  );
}

function ProfileTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="customer-profile">
      <Descriptions title={t('customers.profile.basics')} bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('customers.field.address')} span={2}>
          <OrNone value={customer.address} />
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.phone')}>
          <OrNone value={customer.phone} />
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.employees')}>
          <OrNone value={customer.employees?.toLocaleString('zh-CN')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.status')}>
          {t(`customers.status.${customer.status}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.updatedAt')}>
          {formatInstant(customer.updatedAt)}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions title={t('customers.profile.notes')} bordered size="small" column={1}>
        <Descriptions.Item label={t('customers.field.strategyNotes')}>
          <Paragraph text={customer.strategyNotes} />
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.financialNotes')}>
          <Paragraph text={customer.financialNotes} />
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.orgStructure')}>
          <Paragraph text={customer.orgStructure} />
        </Descriptions.Item>
      </Descriptions>
      <TransfersCard customerId={customer.id} version={customer.version} />
    </Space>
  );
}

/**
 * The customer 360 page (/customers/:id): header with tier and actions, then tabs for profile,
 * contacts, group hierarchy, billing, notes and the value/tier/satisfaction panels; the profile tab
 * ends with the account-manager transfer history. The open tab is
 * kept in the URL (`?tab=billing`). An unknown or out-of-scope customer (404) shows one result
 * for both, so that the page does not reveal which customers exist.
 */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const lookups = useLookups();
  const customer = useApi((signal) => getCustomer(id, signal), [id]);
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('tab');
  const tab: CustomerTab = isCustomerTab(tabParam) ? tabParam : 'profile';
  const [editing, setEditing] = useState(false);
  const [transferring, setTransferring] = useState(false);

  const data = customer.data && customer.data.id === id ? customer.data : undefined;
  // A malformed id in the URL is refused as a bad parameter (400): for the user, also "not found".
  const notFound =
    customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.status === 400);
  if (notFound) {
    return (
      <div data-testid="customer-not-found">
        <Result
          status="404"
          title={t('customers.header.notFoundTitle')}
          subTitle={t('customers.header.notFound')}
          extra={
            <Link to="/customers">
              <Button type="primary">{t('customers.header.back')}</Button>
            </Link>
          }
        />
      </div>
    );
  }
  if (!data) {
    return customer.error ? <ErrorAlert error={customer.error} /> : <Spin />;
  }

  const mayEdit = canEditCustomer(user, data);
  const mayTransfer = canTransferCustomer(user);
  const actions = (
    <>
      {mayEdit && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="customer-edit">
          {t('customers.header.edit')}
        </Button>
      )}
      {mayTransfer && (
        <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="customer-transfer">
          {t('customers.header.transfer')}
        </Button>
      )}
    </>
  );

  const label = (key: CustomerTab) => (
    <span data-testid={`customer-tab-${key}`}>
      {key === 'desk'
        ? t('desk.customerTab.title')
        : key === 'orders' || key === 'agreements' || key === 'reports'
          ? t(`${key}.customerTab`)
          : t(`customers.tabs.${key}`)}
    </span>
  );
  const items = [
    { key: 'profile', label: label('profile'), children: <ProfileTab customer={data} /> },
    {
      key: 'contacts',
      label: label('contacts'),
      children: <ContactsCard customerId={id} canEdit={mayEdit} />,
    },
    { key: 'hierarchy', label: label('hierarchy'), children: <HierarchyCard customerId={id} /> },
    { key: 'billing', label: label('billing'), children: <BillingCard customerId={id} /> },
    { key: 'notes', label: label('notes'), children: <NotesCard customerId={id} canEdit={mayEdit} /> },
    {
      key: 'value',
      label: label('value'),
      children: (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <AssessmentPanel customerId={id} />
          <IndicatorInputsPanel customerId={id} />
        </Space>
      ),
    },
    { key: 'tier', label: label('tier'), children: <TierPanel customerId={id} /> },
    { key: 'satisfaction', label: label('satisfaction'), children: <SatisfactionPanel customerId={id} /> },
    { key: 'entitlements', label: label('entitlements'), children: <EntitlementsPanel customerId={id} /> },
    { key: 'tasks', label: label('tasks'), children: <CustomerTasksPanel customerId={id} /> },
    {
      key: 'resources',
      label: label('resources'),
      children: <CustomerResourcesPanel customerId={id} customerName={data.name} customerCode={data.code} />,
    },
    { key: 'desk', label: label('desk'), children: <CustomerDeskPanel customerId={id} /> },
    { key: 'orders', label: label('orders'), children: <CustomerOrdersPanel customerId={id} /> },
    { key: 'agreements', label: label('agreements'), children: <CustomerAgreementsPanel customerId={id} /> },
    { key: 'reports', label: label('reports'), children: <CustomerReportsPanel customerId={id} /> },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <CustomerHeader customer={data} lookups={lookups} actions={actions} />
      <ErrorAlert error={customer.error} />
      <Card>
        <Tabs
          activeKey={tab}
          items={items}
          onChange={(key) => {
            const params = new URLSearchParams(searchParams);
            if (key === 'profile') params.delete('tab');
            else params.set('tab', key);
            setSearchParams(params, { replace: true });
          }}
        />
      </Card>
      {mayEdit && (
        <EditCustomerModal
          customer={data}
          open={editing}
          lookups={lookups}
          onClose={() => setEditing(false)}
          onReload={customer.reload}
          onSaved={() => {
            setEditing(false);
            customer.reload();
          }}
        />
      )}
      {mayTransfer && (
        <TransferModal
          customer={data}
          open={transferring}
          lookups={lookups}
          onClose={() => setTransferring(false)}
          onSaved={() => {
            setTransferring(false);
            customer.reload();
          }}
        />
      )}
    </Space>
  );
}
