import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Input,
  Progress,
  Select,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  type Customer,
  type CustomerFilter,
  findCustomers,
  GROUP_CLASSES,
  TIERS,
  type Tier,
} from '../../api/customers';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { canCreateCustomer } from './customer-access';
import { CreateCustomerModal } from './customer-form-modal';
import {
  type CustomerListQuery,
  PAGE_SIZES,
  readListQuery,
  SORTABLE_FIELDS,
  type SortableField,
  writeListQuery,
} from './customer-list-query';
import { buildRegionTree, useLookups } from './customer-lookups';
import { TierStrip } from './tier-strip';
import { TierTag } from './tier-tag';

function sortOrderOf(sort: string, field: SortableField): 'ascend' | 'descend' | null {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

/** Customers (客户档案): search, filters and paging on the server, all kept in the URL. */
export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const lookups = useLookups();
  const regionTree = useMemo(() => buildRegionTree(lookups.regions), [lookups.regions]);

  const [searchParams, setSearchParams] = useSearchParams();
  const query = useMemo(() => readListQuery(searchParams), [searchParams]);
  const queryKey = writeListQuery(query).toString();
  const [searchText, setSearchText] = useState(query.filter.q ?? '');
  useEffect(() => setSearchText(query.filter.q ?? ''), [query.filter.q]);
  const [creating, setCreating] = useState(false);

  const setQuery = useCallback(
    (next: CustomerListQuery) => setSearchParams(writeListQuery(next), { replace: true }),
    [setSearchParams],
  );
  /** A new filter always starts again at page 1. */
  const setFilter = useCallback(
    (patch: Partial<CustomerFilter>) => {
      const filter: CustomerFilter = { ...query.filter, ...patch };
      for (const key of Object.keys(filter) as (keyof CustomerFilter)[]) {
        if (filter[key] === undefined || filter[key] === '') delete filter[key];
      }
      setQuery({ ...query, filter, page: 1 });
    },
    [query, setQuery],
  );

  const customers = useApi(
    (signal) =>
      findCustomers(
        query.filter,
        {
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
          sort: query.sort || undefined,
        },
        signal,
      ),
    [queryKey],
  );

  const columns: TableColumnsType<Customer> = [
    {
      title: t('customers.field.code'),
      dataIndex: 'code',
      key: 'code',
      width: 130,
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'code'),
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: t('customers.field.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'name'),
      render: (name: string, customer) => (
        <Space size={4} wrap={false}>
          <Typography.Text strong>{name}</Typography.Text>
          {customer.isHeadquarters && <Tag color="geekblue">{t('customers.headquarters')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('customers.field.industry'),
      dataIndex: 'industry',
      key: 'industry',
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'industry'),
      render: (code: string) => lookups.industryName(code),
    },
    {
      title: t('customers.field.region'),
      dataIndex: 'regionName',
      key: 'regionCode',
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'regionCode'),
      render: (name: string | null, customer) => name ?? customer.regionCode,
    },
    {
      title: t('customers.field.tier'),
      dataIndex: 'tier',
      key: 'tier',
      width: 150,
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'tier'),
      render: (_: unknown, customer) => (
        <TierTag tier={customer.tier} stars={customer.stars} groupClass={customer.groupClass} />
      ),
    },
    {
      title: t('customers.field.accountManager'),
      dataIndex: 'accountManagerName',
      key: 'accountManager',
      render: (name: string | null) => name ?? t('common.none'),
    },
    {
      title: t('customers.field.latestTotal'),
      dataIndex: 'latestTotal',
      key: 'latestTotal',
      width: 160,
      render: (total: number | null) =>
        total === null ? (
          <Typography.Text type="secondary">{t('customers.noScore')}</Typography.Text>
        ) : (
          <Progress
            percent={Math.max(0, Math.min(100, total))}
            size="small"
            format={() => total.toFixed(1)}
            strokeColor={total >= 80 ? '#d4380d' : total >= 60 ? '#fa8c16' : '#1677ff'}
          />
        ),
    },
    {
      title: t('customers.field.memberCount'),
      dataIndex: 'memberCount',
      key: 'memberCount',
      width: 110,
      align: 'right',
    },
  ];

  const handleTableChange = (
    pagination: TablePaginationConfig,
    _filters: unknown,
    sorter: SorterResult<Customer> | SorterResult<Customer>[],
  ) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = String(one?.columnKey ?? '');
    const sort =
      one?.order && (SORTABLE_FIELDS as readonly string[]).includes(field)
        ? `${one.order === 'descend' ? '-' : ''}${field}`
        : '';
    const pageSize = pagination.pageSize ?? query.pageSize;
    const page = sort !== query.sort || pageSize !== query.pageSize ? 1 : (pagination.current ?? 1);
    setQuery({ ...query, page, pageSize, sort });
  };

  const selectTier = useCallback((tier: Tier | undefined) => setFilter({ tier }), [setFilter]);
  const selectClass = useCallback(
    (groupClass: CustomerFilter['groupClass']) => setFilter({ groupClass }),
    [setFilter],
  );
  const hasFilter = Object.keys(query.filter).length > 0;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <TierStrip filter={query.filter} onSelectTier={selectTier} onSelectClass={selectClass} />
      <Card
        title={t('customers.title')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={customers.reload} aria-label={t('common.refresh')} />
            {canCreateCustomer(user) && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="customer-create"
              >
                {t('customers.create')}
              </Button>
            )}
          </Space>
        }
      >
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Input.Search
              allowClear
              value={searchText}
              onChange={(event) => {
                setSearchText(event.target.value);
                if (!event.target.value) setFilter({ q: undefined });
              }}
              onSearch={(value) => setFilter({ q: value.trim() || undefined })}
              placeholder={t('customers.searchPlaceholder')}
              style={{ width: 320 }}
              data-testid="customers-search"
            />
            <Select
              allowClear
              value={query.filter.tier}
              onChange={(tier?: Tier) => setFilter({ tier })}
              placeholder={t('customers.filters.tier')}
              options={[...TIERS].reverse().map((tier) => ({ value: tier, label: tier }))}
              style={{ width: 100 }}
              data-testid="customers-filter-tier"
            />
            <Select
              allowClear
              value={query.filter.groupClass}
              onChange={(groupClass?: CustomerFilter['groupClass']) => setFilter({ groupClass })}
              placeholder={t('customers.filters.groupClass')}
              options={GROUP_CLASSES.map((groupClass) => ({
                value: groupClass,
                label: t('customers.groupClassLabel', { groupClass }),
              }))}
              style={{ width: 120 }}
              data-testid="customers-filter-groupClass"
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              value={query.filter.industry}
              onChange={(industry?: string) => setFilter({ industry })}
              placeholder={t('customers.filters.industry')}
              virtual={false}
              options={lookups.industries.map((industry) => ({
                value: industry.code,
                label: lookups.industryName(industry.code),
              }))}
              popupMatchSelectWidth={false}
              style={{ width: 180 }}
              data-testid="customers-filter-industry"
            />
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              value={query.filter.regionCode}
              onChange={(regionCode?: string) => setFilter({ regionCode })}
              placeholder={t('customers.filters.region')}
              virtual={false}
              treeData={regionTree}
              popupMatchSelectWidth={false}
              style={{ width: 160 }}
              data-testid="customers-filter-region"
            />
            {lookups.accountManagers.length > 0 && (
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                value={query.filter.accountManagerId}
                onChange={(accountManagerId?: string) => setFilter({ accountManagerId })}
                placeholder={t('customers.filters.accountManager')}
                options={lookups.accountManagers.map((m) => ({ value: m.id, label: m.displayName }))}
                popupMatchSelectWidth={false}
                style={{ width: 150 }}
                data-testid="customers-filter-accountManager"
              />
            )}
            {hasFilter && (
              <Button type="link" onClick={() => setQuery({ ...query, filter: {}, page: 1 })}>
                {t('customers.filters.clear')}
              </Button>
            )}
          </Space>
          <ErrorAlert error={customers.error} />
          <Table<Customer>
            rowKey="id"
            size="middle"
            loading={customers.loading}
            columns={columns}
            dataSource={customers.data?.items ?? []}
            onChange={handleTableChange}
            onRow={(customer) => ({
              onClick: () => navigate(`/customers/${customer.id}`),
              style: { cursor: 'pointer' },
              'data-testid': `customer-row-${customer.code}`,
            })}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: customers.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES.map(String),
              showTotal: (total) => t('common.total', { total }),
            }}
            scroll={{ x: 1000 }}
            data-testid="customers-table"
          />
        </Space>
      </Card>
      <CreateCustomerModal
        open={creating}
        lookups={lookups}
        onClose={() => setCreating(false)}
        onSaved={(customer) => {
          setCreating(false);
          navigate(`/customers/${customer.id}`);
        }}
      />
    </Space>
  );
}
