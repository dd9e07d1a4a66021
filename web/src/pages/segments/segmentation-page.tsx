import { SettingOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Radio,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { findIndustries } from '../../api/customers';
import {
  getMatrix,
  getThresholds,
  MATRIX_KINDS,
  type Matrix,
  type MatrixKind,
  type MatrixPoint,
  QUADRANTS,
  type Quadrant,
  type SegmentFilter,
} from '../../api/segments';
import { useApi } from '../../api/use-api';
import { findRegions } from '../../api/users';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { axisKeys, MatrixChart, QUADRANT_COLORS } from './matrix-chart';
import { MissingModal } from './missing-modal';
import { SummarySection } from './summary-section';
import { ThresholdsDrawer } from './thresholds-drawer';

const TIERS = ['5A', '4A', '3A', '2A', '1A'];

function MatrixCard({
  kind,
  matrix,
  loading,
  error,
  onPick,
  onShowMissing,
}: {
  kind: MatrixKind;
  matrix: Matrix | undefined;
  loading: boolean;
  error: unknown;
  onPick: (quadrant: Quadrant) => void;
  onShowMissing: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <Card
      size="small"
      title={t(`segments.matrix.${kind}`)}
      loading={loading && !matrix}
      data-testid={`matrix-${kind}`}
    >
      <ErrorAlert error={error} />
      {matrix && (
        <>
          <MatrixChart matrix={matrix} />
          <Space wrap size={4}>
            {matrix.quadrants.map((q) => (
              <Tag
                key={q.key}
                color={QUADRANT_COLORS[q.key]}
                style={{ cursor: 'pointer' }}
                onClick={() => onPick(q.key)}
                data-testid={`quadrant-${kind}-${q.key}`}
              >
                {`${en ? q.strategy.en : q.strategy.zh}: ${q.count}`}
                {q.flagged ? ` ⚑ ${t('segments.flagged')}` : ''}
              </Tag>
            ))}
          </Space>
          <div>
            <Typography.Text type="secondary" data-testid={`missing-${kind}`}>
              {t('segments.missing', { count: matrix.missing })}
            </Typography.Text>
            {matrix.missing > 0 && (
              <Button type="link" size="small" onClick={onShowMissing} data-testid={`show-missing-${kind}`}>
                {t('segments.missingShow')}
              </Button>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

/**
 * Segmentation (PRODUCT.md §3): the three matrices as scatter plots with thresholds and
 * quadrant strategies, the customers of a chosen quadrant, those left out for lack of data (a
 * modal per matrix), filters, thresholds (admin/kam) and the analysis by industry and region.
 */
export function SegmentationPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canEdit = role === 'admin' || role === 'kam_manager';

  const [filter, setFilter] = useState<SegmentFilter>({});
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [missingOf, setMissingOf] = useState<MatrixKind | null>(null);
  const [picked, setPicked] = useState<{ kind: MatrixKind; quadrant: Quadrant }>({
    kind: 'valueSatisfaction',
    quadrant: 'highLow',
  });

  const valueSatisfaction = useApi((s) => getMatrix('valueSatisfaction', filter, s), [filter]);
  const valueRsl = useApi((s) => getMatrix('valueRsl', filter, s), [filter]);
  const walletSatisfaction = useApi((s) => getMatrix('walletSatisfaction', filter, s), [filter]);
  const matrices = { valueSatisfaction, valueRsl, walletSatisfaction };
  const thresholds = useApi((s) => getThresholds(s), []);
  const industries = useApi((s) => findIndustries(s).catch(() => []), []);
  const regions = useApi((s) => findRegions(s).catch(() => []), []);

  const labelOf = useCallback(
    (by: 'industry' | 'region', key: string) => {
      if (by === 'industry') {
        const found = industries.data?.find((i) => i.code === key);
        return found ? (en ? found.en : found.zh) : key;
      }
      return regions.data?.find((r) => r.code === key)?.name ?? key;
    },
    [industries.data, regions.data, en],
  );

  const pickedMatrix = matrices[picked.kind].data;
  const rows = useMemo(
    () => (pickedMatrix?.points ?? []).filter((p) => p.quadrant === picked.quadrant),
    [pickedMatrix, picked.quadrant],
  );
  const [xKey, yKey] = axisKeys(picked.kind);

  const columns: TableColumnsType<MatrixPoint> = [
    { title: t('segments.col.code'), dataIndex: 'code' },
    {
      title: t('segments.col.name'),
      dataIndex: 'name',
      render: (name: string, p) => <Link to={`/customers/${p.customerId}`}>{name}</Link>,
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
    { title: t(xKey), dataIndex: 'x', align: 'right', sorter: (a, b) => a.x - b.x },
    { title: t(yKey), dataIndex: 'y', align: 'right', sorter: (a, b) => a.y - b.y },
  ];

  const reloadAll = () => {
    thresholds.reload();
    valueSatisfaction.reload();
    valueRsl.reload();
    walletSatisfaction.reload();
  };
  const pickedStrategy = pickedMatrix?.quadrants.find((q) => q.key === picked.quadrant);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={t('segments.title')}
        extra={
          <Space wrap>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('segments.filter.industry')}
              style={{ width: 180 }}
              value={filter.industry}
              onChange={(industry) => setFilter((f) => ({ ...f, industry }))}
              options={(industries.data ?? []).map((i) => ({
                value: i.code,
                label: `${i.code} ${en ? i.en : i.zh}`,
              }))}
              data-testid="filter-industry"
            />
            <Select
              allowClear
              placeholder={t('segments.filter.region')}
              style={{ width: 140 }}
              value={filter.regionCode}
              onChange={(regionCode) => setFilter((f) => ({ ...f, regionCode }))}
              options={(regions.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
              data-testid="filter-region"
            />
            <Select
              allowClear
              placeholder={t('segments.filter.tier')}
              style={{ width: 100 }}
              value={filter.tier}
              onChange={(tier) => setFilter((f) => ({ ...f, tier }))}
              options={TIERS.map((tier) => ({ value: tier, label: tier }))}
              data-testid="filter-tier"
            />
            {canEdit && (
              <Button
                icon={<SettingOutlined />}
                onClick={() => setSettingsOpen(true)}
                data-testid="open-thresholds"
              >
                {t('segments.settings')}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={[12, 12]}>
          {MATRIX_KINDS.map((kind) => (
            <Col key={kind} xs={24} xl={8}>
              <MatrixCard
                kind={kind}
                matrix={matrices[kind].data}
                loading={matrices[kind].loading}
                error={matrices[kind].error}
                onPick={(quadrant) => setPicked({ kind, quadrant })}
                onShowMissing={() => setMissingOf(kind)}
              />
            </Col>
          ))}
        </Row>
      </Card>

      <Card
        title={t('segments.customersIn', { count: rows.length })}
        extra={
          <Space wrap>
            <Select
              value={picked.kind}
              style={{ width: 240 }}
              onChange={(kind) => setPicked((p) => ({ ...p, kind }))}
              options={MATRIX_KINDS.map((kind) => ({ value: kind, label: t(`segments.matrix.${kind}`) }))}
              data-testid="picked-kind"
            />
            <Radio.Group
              value={picked.quadrant}
              onChange={(e) => setPicked((p) => ({ ...p, quadrant: e.target.value as Quadrant }))}
              optionType="button"
              options={QUADRANTS.map((q) => ({ value: q, label: t(`segments.quadrant.${q}`) }))}
              aria-label={t('segments.quadrantPicker')}
              data-testid="picked-quadrant"
            />
          </Space>
        }
      >
        {pickedStrategy && (
          <Typography.Paragraph>
            <Tag color={QUADRANT_COLORS[picked.quadrant]}>
              {en ? pickedStrategy.strategy.en : pickedStrategy.strategy.zh}
            </Tag>
            {pickedStrategy.flagged && <Tag color="red">{t('segments.flagged')}</Tag>}
          </Typography.Paragraph>
        )}
        <Table<MatrixPoint>
          rowKey="customerId"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={{ defaultPageSize: 10, showTotal: (total) => t('common.total', { total }) }}
          data-testid="quadrant-table"
        />
      </Card>

      <SummarySection filter={filter} labelOf={labelOf} />

      <MissingModal
        kind={missingOf ?? 'valueSatisfaction'}
        filter={filter}
        open={missingOf !== null}
        onClose={() => setMissingOf(null)}
        labelOf={labelOf}
      />

      <ThresholdsDrawer
        open={settingsOpen}
        thresholds={thresholds.data}
        onClose={() => setSettingsOpen(false)}
        onSaved={() => {
          setSettingsOpen(false);
          reloadAll();
        }}
      />
    </Space>
  );
}
