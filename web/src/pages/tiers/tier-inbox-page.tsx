import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { findAccountManagers, GROUP_CLASSES, TIERS } from '../../api/customers';
import { findProposals, type ProposalKind, type ProposalStatus, type TierProposal } from '../../api/tiers';
import { useApi } from '../../api/use-api';
import { findRegions } from '../../api/users';
import { findIndicators } from '../../api/value';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { useActiveScheme } from './active-scheme';
import { type Decision, DecisionModal } from './decision-modal';
import { SnapshotView } from './snapshot-view';
import { formatScore, formatTier, KindTag } from './tier-labels';

const KINDS: ProposalKind[] = ['upgrade', 'downgrade', 'initial', 'override'];
const STATUSES: ProposalStatus[] = ['pending', 'approved', 'rejected', 'superseded'];

/**
 * The tier approval inbox (PRODUCT.md §2): proposals from assessments and override requests,
 * each with its from→to tier, score, reason and model version; a row opens the assessment
 * snapshot. Filters: status, customer (name or code), proposed tier or class (of the scheme in
 * force), kind, region and account manager — all applied by the server within the caller's
 * scope. A kam_manager or admin approves or rejects with a reason, or approves a selection.
 */
export function TierInboxPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const username = session.status === 'authenticated' ? session.user.username : null;
  const canDecide = role === 'admin' || role === 'kam_manager';

  const [status, setStatus] = useState<ProposalStatus>('pending');
  const [kind, setKind] = useState<ProposalKind | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [accountManagerId, setAccountManagerId] = useState<string | undefined>();
  const { scheme } = useActiveScheme();
  const mobile = scheme === 'mobile';
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
          ...(q ? { q } : {}),
          ...(to ? (mobile ? { toGroupClass: to } : { toTier: to }) : {}),
          ...(accountManagerId ? { accountManagerId } : {}),
          limit: page.pageSize,
          offset: (page.current - 1) * page.pageSize,
        },
        signal,
      ),
    [status, kind, regionCode, q, to, mobile, accountManagerId, page.current, page.pageSize],
  );
  const regions = useApi((signal) => findRegions(signal).catch(() => []), []);
  // roles that may not list account managers (an account manager) get no such filter
  const managers = useApi((signal) => findAccountManagers(signal).catch(() => []), []);
  const catalogue = useApi((signal) => findIndicators(signal).catch(() => []), []);
  const indicatorName = useMemo(() => {
    const byKey = new Map((catalogue.data ?? []).map((i) => [i.key as string, i]));
    const zh = i18n.language.startsWith('zh');
    return (key: string) => {
      const ind = byKey.get(key);
      return ind ? (zh ? ind.zh : ind.en) : key;
    };
  }, [catalogue.data, i18n.language]);

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
          <Input.Search
            allowClear
            placeholder={t('tiers.filter.search')}
            style={{ width: 180 }}
            onSearch={(value) => {
              setQ(value.trim() || undefined);
              resetPage();
            }}
            data-testid="filter-search"
          />
          <Select
            allowClear
            placeholder={t('tiers.filter.to')}
            value={to}
            style={{ width: 120 }}
            onChange={(v) => {
              setTo(v);
              resetPage();
            }}
            options={(mobile ? [...GROUP_CLASSES] : [...TIERS].reverse()).map((c) => ({
              value: c,
              label: mobile ? t('customers.groupClassLabel', { groupClass: c }) : c,
            }))}
            data-testid="filter-to"
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
          {(managers.data ?? []).length > 0 && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('tiers.filter.accountManager')}
              value={accountManagerId}
              style={{ width: 150 }}
              onChange={(v) => {
                setAccountManagerId(v);
                resetPage();
              }}
              options={(managers.data ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
              data-testid="filter-am"
            />
          )}
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
        expandable={{
          expandedRowRender: (p) => <SnapshotView snapshot={p.snapshot} indicatorName={indicatorName} />,
        }}
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
