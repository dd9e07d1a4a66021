import { Modal, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { findMissing, type MatrixKind, type MissingCustomer, type SegmentFilter } from '../../api/segments';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';

const PAGE_SIZE = 10;

/**
 * The customers a matrix leaves out for lack of data (what `missing` counts), paged on the server
 * by code, each with what it lacks and a link to its page (satisfaction is entered there).
 */
export function MissingModal({
  kind,
  filter,
  open,
  onClose,
  labelOf,
}: {
  kind: MatrixKind;
  filter: SegmentFilter;
  open: boolean;
  onClose: () => void;
  labelOf: (by: 'industry' | 'region', key: string) => string;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const missing = useApi(
    (signal) =>
      open
        ? findMissing(kind, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal)
        : Promise.resolve(undefined),
    [kind, filter, open, page],
  );
  const columns: TableColumnsType<MissingCustomer> = [
    { title: t('segments.col.code'), dataIndex: 'code' },
    {
      title: t('segments.col.name'),
      dataIndex: 'name',
      render: (name: string, row) => <Link to={`/customers/${row.customerId}?tab=satisfaction`}>{name}</Link>,
    },
    { title: t('segments.col.tier'), dataIndex: 'tier', render: (tier: string | null) => tier ?? '—' },
    {
      title: t('segments.col.industry'),
      dataIndex: 'industry',
      render: (code: string) => labelOf('industry', code),
    },
    {
      title: t('segments.col.region'),
      dataIndex: 'regionCode',
      render: (code: string) => labelOf('region', code),
    },
    {
      title: t('segments.missingCol'),
      dataIndex: 'missing',
      render: (facts: MissingCustomer['missing']) =>
        facts.map((fact) => (
          <Tag key={fact} color="orange">
            {t(`segments.missingFact.${fact}`)}
          </Tag>
        )),
    },
  ];
  return (
    <Modal
      open={open}
      onCancel={() => {
        setPage(1);
        onClose();
      }}
      footer={null}
      width={900}
      destroyOnHidden
      title={t('segments.missingTitle', { matrix: t(`segments.matrix.${kind}`) })}
    >
      <ErrorAlert error={missing.error} />
      <Table<MissingCustomer>
        rowKey="customerId"
        size="small"
        loading={missing.loading}
        columns={columns}
        dataSource={missing.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: missing.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: setPage,
        }}
        data-testid={`missing-table-${kind}`}
      />
    </Modal>
  );
}
