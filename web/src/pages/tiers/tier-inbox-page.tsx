import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { findProposals, type ProposalKind, type ProposalStatus, type TierProposal } from '../../api/tiers';
import { useApi } from '../../api/use-api';
import { findRegions } from '../../api/users';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { type Decision, DecisionModal } from './decision-modal';
import { SnapshotView } from './snapshot-view';
import { formatScore, formatTier, KindTag } from './tier-labels';

const KINDS: ProposalKind[] = ['upgrade', 'downgrade', 'initial', 'override'];
const STATUSES: ProposalStatus[] = ['pending', 'approved', 'rejected', 'superseded'];

/**
 * The tier approval inbox (PRODUCT.md §2): proposals from assessments and override requests,
 * each with its from→to tier, score, reason and model version; a row opens the assessment
 * snapshot. A kam_manager or admin approves or rejects with a reason, or approves a selection.
 */
export function TierInboxPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const username = session.status === 'authenticated' ? session.user.username : null;
  const canDecide = role === 'admin' || role === 'kam_manager';

  const [status, setStatus] = useState<ProposalStatus>('pending');
  const [kind, setKind] = useState<ProposalKind | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [selected, setSelected] = useState<string[]>([]);
  const [decision, setDecision] = useState<Decision | null>(null);

  const proposals = useApi(
    (signal) =>
      findProposals(
        {
          status,
          ...(kind ? { kind } : {}),
          ...(regionCode ? { regionCode } : {}),
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [status, kind, regionCode, page.current, page.pageSize],
  );
  const regions = useApi((signal) => findRegions(signal).catch(() => []), []);

  const columns: TableColumnsType<TierProposal> = [
    {
      title: t('tiers.col.customer'),
      key: 'customer',
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Link to={`/customers/${p.customerId}`}>{p.customerName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.customerCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('tiers.col.region'), dataIndex: 'regionCode' },
    {
      title: t('tiers.col.kind'),
      dataIndex: 'kind',
      render: (k: ProposalKind) => <KindTag kind={k} t={t} />,
    },
    {
      title: t('tiers.col.change'),
      key: 'change',
      render: (_, p) => (
        <span data-testid={`change-${p.id}`}>
          {formatTier(p.fromTier, p.fromStars, p.fromGroupClass)} →{' '}
          <b>{formatTier(p.toTier, p.toStars, p.toGroupClass)}</b>
        </span>
      ),
    },
    {
      title: t('tiers.col.score'),
      dataIndex: 'score',
      align: 'right',
      render: (s: number | null) => formatScore(s),
    },
    {
      title: t('tiers.col.modelVersion'),
      dataIndex: 'modelVersion',
      render: (v: number | null) => (v === null ? '—' : `v${v}`),
    },
    { title: t('tiers.col.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('tiers.col.requestedBy'), dataIndex: 'requestedBy' },
    { title: t('tiers.col.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatInstant(at) },
    ...(status === 'pending'
      ? []
      : [
          {
            title: t('tiers.col.status'),
            key: 'status',
            render: (_: unknown, p: TierProposal) => (
              <Space direction="vertical" size={0}>
                <Tag>{t(`tiers.status.${p.status}`)}</Tag>
                {p.decisionReason && <Typography.Text type="secondary">{p.decisionReason}</Typography.Text>}
              </Space>
            ),
          },
        ]),
    ...(canDecide && status === 'pending'
      ? [
          {
            title: t('tiers.col.actions'),
            key: 'actions',
            render: (_: unknown, p: TierProposal) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<CheckOutlined />}
                  disabled={p.kind === 'override' && p.requestedBy === username}
                  onClick={() => setDecision({ mode: 'approve', ids: [p.id] })}
                  data-testid={`approve-${p.id}`}
                >
                  {t('tiers.approve')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<CloseOutlined />}
                  onClick={() => setDecision({ mode: 'reject', ids: [p.id] })}
                  data-testid={`reject-${p.id}`}
                >
                  {t('tiers.reject')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const resetPage = () => setPage((p) => ({ ...p, current: 1 }));

  return (
    <Card
      title={
        <Space direction="vertical" size={0}>
          <span>{t('tiers.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('tiers.subtitle')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          <Select
            value={status}
            style={{ width: 120 }}
            onChange={(v) => {
              setStatus(v);
              setSelected([]);
              resetPage();
            }}
            options={STATUSES.map((s) => ({ value: s, label: t(`tiers.status.${s}`) }))}
            aria-label={t('tiers.filter.status')}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('tiers.filter.kind')}
            value={kind}
            style={{ width: 130 }}
            onChange={(v) => {
              setKind(v);
              resetPage();
            }}
            options={KINDS.map((k) => ({ value: k, label: t(`tiers.kind.${k}`) }))}
            data-testid="filter-kind"
          />
          <Select
            allowClear
            placeholder={t('tiers.filter.region')}
            value={regionCode}
            style={{ width: 140 }}
            onChange={(v) => {
              setRegionCode(v);
              resetPage();
            }}
            options={(regions.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
            data-testid="filter-region"
          />
          <Button icon={<ReloadOutlined />} onClick={proposals.reload} aria-label="reload" />
          {canDecide && status === 'pending' && (
            <Button
              type="primary"
              disabled={selected.length === 0}
              onClick={() => setDecision({ mode: 'bulk', ids: selected })}
              data-testid="bulk-approve"
            >
              {t('tiers.bulkApprove', { count: selected.length })}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={proposals.error} />
      <Table<TierProposal>
        rowKey="id"
        size="middle"
        loading={proposals.loading}
        columns={columns}
        dataSource={proposals.data?.items ?? []}
        locale={{ emptyText: t('tiers.empty') }}
        rowSelection={
          canDecide && status === 'pending'
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (p) => ({ disabled: p.kind === 'override' && p.requestedBy === username }),
              }
            : undefined
        }
        expandable={{ expandedRowRender: (p) => <SnapshotView snapshot={p.snapshot} /> }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: proposals.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (current, pageSize) => setPage({ current, pageSize }),
          showTotal: (total) => t('common.total', { total }),
        }}
        data-testid="proposals-table"
      />
      <DecisionModal
        decision={decision}
        onClose={() => setDecision(null)}
        onDone={() => {
          setDecision(null);
          setSelected([]);
          proposals.reload();
        }}
      />
    </Card>
  );
}
