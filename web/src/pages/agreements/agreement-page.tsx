import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import {
  type AgreementDetail,
  type AgreementVersion,
  fenToYuan,
  findMeasurements,
  formatPpm,
  getAgreement,
  getCircuitAvailability,
  type Measurement,
  terminateAgreement,
  versionAction,
} from '../../api/agreements';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { productLabel } from '../catalog/catalog-format';
import { AgreementEditor, type EditorMode } from './agreement-editor';
import { AgreementStatusTag, LevelTag } from './agreements-page';
import { AvailabilityChart } from './availability-chart';
import { OutagesPanel } from './outages-panel';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  pending: 'processing',
  approved: 'green',
  rejected: 'red',
  superseded: 'default',
};

function VersionTerms({ v, circuits }: { v: AgreementVersion; circuits: AgreementDetail['circuits'] }) {
  const { t } = useTranslation();
  const numbers = new Map(circuits.map((k) => [k.id, k.circuitNumber]));
  const terms = v.compensationTerms;
  return (
    <Descriptions size="small" column={1} data-testid={`version-${v.version}-terms`}>
      <Descriptions.Item label={t('agreements.editor.targets')}>
        {t('agreements.page.targets', {
          availability: formatPpm(v.targets.availabilityPpm),
          minutes: v.targets.restoreMinutes,
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t('agreements.editor.compensation')}>
        {terms
          ? t('agreements.page.compensation', {
              steps: terms.availabilitySteps
                .map((s) => `>${s.shortfallAbovePpm}ppm→${s.percent}%`)
                .join(', '),
              restore: terms.restorePercentPerBreach,
              cap: terms.capPercent,
            })
          : t('agreements.page.noCompensation')}
      </Descriptions.Item>
      {v.afterSales && (
        <Descriptions.Item label={t('agreements.editor.afterSales')}>
          {[
            v.afterSales.designatedEngineer &&
              `${t('agreements.editor.engineer')}: ${v.afterSales.designatedEngineer}`,
            v.afterSales.engineerPhone,
            v.afterSales.responseMinutes &&
              `${t('agreements.editor.responseMinutes')}: ${v.afterSales.responseMinutes}`,
            v.afterSales.onSiteHours && `${t('agreements.editor.onSiteHours')}: ${v.afterSales.onSiteHours}`,
            v.afterSales.reports && v.afterSales.reports !== 'none' && `${t('agreements.editor.reports')}`,
            v.afterSales.optimisation && t('agreements.editor.optimisation'),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('agreements.editor.circuits')}>
        {v.circuitIds
          .map((id) => {
            const fee = terms?.monthlyFeesFen[id];
            return `${numbers.get(id) ?? id}${fee === undefined ? '' : ` (¥${fenToYuan(fee)})`}`;
          })
          .join(', ') || '—'}
      </Descriptions.Item>
      {v.note && <Descriptions.Item label={t('agreements.editor.note')}>{v.note}</Descriptions.Item>}
    </Descriptions>
  );
}

function CircuitAvailability({ circuits }: { circuits: AgreementDetail['circuits'] }) {
  const { t } = useTranslation();
  const [circuitId, setCircuitId] = useState(circuits[0]?.id);
  const series = useApi(
    async (signal) => (circuitId ? getCircuitAvailability(circuitId, 12, signal) : null),
    [circuitId],
  );
  return (
    <Card
      size="small"
      title={t('agreements.chart.title')}
      extra={
        <Select
          value={circuitId}
          onChange={setCircuitId}
          style={{ width: 240 }}
          aria-label={t('agreements.chart.pickCircuit')}
          options={circuits.map((k) => ({ value: k.id, label: k.circuitNumber }))}
          data-testid="chart-circuit"
        />
      }
    >
      <ErrorAlert error={series.error} />
      {series.data ? <AvailabilityChart points={series.data.months} /> : <Spin />}
    </Card>
  );
}

/** /agreements/:id — the agreement: level, versions with submit/approve/reject, circuits' availability, measurements, outages. */
export function AgreementPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const userId = session.status === 'authenticated' ? session.user.id : null;
  const detail = useApi((signal) => getAgreement(id, signal), [id]);
  const measurements = useApi((signal) => findMeasurements(id, signal), [id]);
  const [editor, setEditor] = useState<EditorMode | null>(null);
  const [deciding, setDeciding] = useState<{ version: number; action: 'reject' | 'terminate' } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();

  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <Result status="404" title="404" extra={<Link to="/agreements">{t('agreements.page.back')}</Link>} />
    );
  if (!detail.data) return detail.error ? <ErrorAlert error={detail.error} /> : <Spin />;
  const a = detail.data;
  const editor_ = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  const decider = role === 'admin' || role === 'kam_manager';
  const current = a.versions.find((v) => v.version === a.currentVersion) ?? null;
  const open = a.versions.find((v) => v.status === 'draft' || v.status === 'pending');

  const act = async (version: number, action: 'submit' | 'approve') => {
    setError(null);
    try {
      await versionAction(a.id, version, action);
      message.success(t('agreements.saved'));
      detail.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const decide = async () => {
    if (!deciding) return;
    const { reason } = await form.validateFields();
    setError(null);
    try {
      if (deciding.action === 'reject') await versionAction(a.id, deciding.version, 'reject', reason);
      else await terminateAgreement(a.id, reason);
      setDeciding(null);
      form.resetFields();
      detail.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="agreement-page">
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space size="middle" wrap>
            <Link to="/agreements" aria-label={t('agreements.page.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="agreement-number">
              {a.agreementNumber}
            </Typography.Title>
            <LevelTag agreement={a} />
            <AgreementStatusTag agreement={a} />
          </Space>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('agreements.col.customer')}>
              <Link to={`/customers/${a.customerId}`}>{a.customerName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('agreements.col.title')}>{a.title}</Descriptions.Item>
            <Descriptions.Item label={t('agreements.col.validity')}>
              {a.level ? `${a.level.validFrom} ~ ${a.level.validTo ?? '…'}` : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {editor_ && a.status !== 'terminated' && !open && (
              <Button
                onClick={() =>
                  setEditor({ kind: 'version', agreementId: a.id, customerId: a.customerId, from: current })
                }
                data-testid="new-version"
              >
                {t('agreements.newVersion')}
              </Button>
            )}
            {decider && a.status !== 'terminated' && (
              <Button
                danger
                onClick={() => setDeciding({ version: 0, action: 'terminate' })}
                data-testid="terminate"
              >
                {t('agreements.terminate')}
              </Button>
            )}
          </Space>
          <ErrorAlert error={error} />
        </Space>
      </Card>
      <Card size="small" title={t('agreements.page.versions')}>
        <Table<AgreementVersion>
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={a.versions}
          data-testid="versions-table"
          expandable={{
            expandedRowRender: (v) => <VersionTerms v={v} circuits={a.circuits} />,
            defaultExpandedRowKeys: open ? [open.version] : current ? [current.version] : [],
          }}
          columns={[
            { title: t('agreements.col.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            {
              title: t('agreements.col.status'),
              key: 's',
              render: (_, v) => (
                <Tag color={STATUS_COLORS[v.status]}>{t(`agreements.versionStatus.${v.status}`)}</Tag>
              ),
            },
            {
              title: t('agreements.col.level'),
              key: 'l',
              render: (_, v) =>
                `${t(`agreements.kind.${v.kind}`)} ${v.slaClass ?? v.maintenanceLevel ?? ''}${v.afterSalesLevel ? ` · ${v.afterSalesLevel}` : ''}`,
            },
            {
              title: t('agreements.col.validity'),
              key: 'v',
              render: (_, v) => `${v.validFrom} ~ ${v.validTo ?? '…'}`,
            },
            {
              title: t('agreements.page.submittedBy'),
              key: 'sb',
              render: (_, v) =>
                v.submittedAt
                  ? `${v.submittedByName ?? v.submittedBy} · ${formatInstant(v.submittedAt)}`
                  : '—',
            },
            {
              title: t('agreements.page.decidedBy'),
              key: 'db',
              render: (_, v) =>
                v.decidedAt
                  ? `${v.decidedByName ?? v.decidedBy} · ${formatInstant(v.decidedAt)}${v.decisionReason ? ` · ${v.decisionReason}` : ''}`
                  : '—',
            },
            {
              title: '',
              key: 'act',
              render: (_, v) => (
                <Space size={4}>
                  {v.status === 'draft' && editor_ && (
                    <>
                      <Button
                        size="small"
                        onClick={() =>
                          setEditor({ kind: 'edit', agreementId: a.id, customerId: a.customerId, from: v })
                        }
                        data-testid={`edit-${v.version}`}
                      >
                        {t('agreements.editVersion')}
                      </Button>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => act(v.version, 'submit')}
                        data-testid={`submit-${v.version}`}
                      >
                        {t('agreements.submit')}
                      </Button>
                    </>
                  )}
                  {v.status === 'pending' && decider && (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        disabled={v.submittedBy === userId}
                        onClick={() => act(v.version, 'approve')}
                        data-testid={`approve-${v.version}`}
                      >
                        {t('agreements.approve')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        disabled={v.submittedBy === userId}
                        onClick={() => setDeciding({ version: v.version, action: 'reject' })}
                        data-testid={`reject-${v.version}`}
                      >
                        {t('agreements.reject')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {current && a.circuits.length > 0 && (
        <CircuitAvailability circuits={a.circuits.filter((k) => current.circuitIds.includes(k.id))} />
      )}
      <Card size="small" title={t('agreements.page.circuits')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.circuits.filter((k) => (current ?? open)?.circuitIds.includes(k.id))}
          columns={[
            { title: t('agreements.outages.circuit'), dataIndex: 'circuitNumber' },
            { title: t('desk.customerTab.product'), key: 'p', render: (_, k) => productLabel(t, k.product) },
            {
              title: t('desk.customerTab.bandwidth'),
              dataIndex: 'bandwidthMbps',
              render: (v: number | null) => v ?? '—',
            },
            {
              title: t('agreements.editor.monthlyFee'),
              key: 'f',
              render: (_, k) => {
                const fee = (current ?? open)?.compensationTerms?.monthlyFeesFen[k.id];
                return fee === undefined ? '—' : `¥${fenToYuan(fee)}`;
              },
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('agreements.page.measurements')}>
        <ErrorAlert error={measurements.error} />
        <Table<Measurement>
          rowKey={(m) => `${m.circuitId}:${m.month}`}
          size="small"
          data-testid="measurements-table"
          dataSource={[...(measurements.data ?? [])].reverse()}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          columns={[
            { title: t('agreements.measurement.month'), dataIndex: 'month' },
            { title: t('agreements.measurement.circuit'), dataIndex: 'circuitNumber' },
            {
              title: t('agreements.measurement.availability'),
              key: 'a',
              render: (_, m) => (
                <Typography.Text type={m.availabilityBreached ? 'danger' : undefined}>
                  {formatPpm(m.availabilityPpm)}
                </Typography.Text>
              ),
            },
            {
              title: t('agreements.measurement.target'),
              key: 't',
              render: (_, m) => (m.targetAvailabilityPpm === null ? '—' : formatPpm(m.targetAvailabilityPpm)),
            },
            { title: t('agreements.measurement.outageMinutes'), dataIndex: 'outageMinutes' },
            { title: t('agreements.measurement.outages'), dataIndex: 'outageCount' },
            {
              title: t('agreements.measurement.maxRestore'),
              dataIndex: 'maxRestoreMinutes',
              render: (v: number | null) => v ?? '—',
            },
            { title: t('agreements.measurement.restoreBreaches'), dataIndex: 'restoreBreaches' },
            {
              title: '',
              key: 'b',
              render: (_, m) =>
                m.availabilityBreached || m.restoreBreaches > 0 ? (
                  <Tag color="red">{t('agreements.measurement.breached')}</Tag>
                ) : (
                  <Tag color="green">{t('agreements.measurement.met')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('agreements.tabs.outages')}>
        <OutagesPanel agreementId={a.id} onChange={measurements.reload} />
      </Card>
      {editor && (
        <AgreementEditor
          open
          mode={editor}
          onClose={() => setEditor(null)}
          onSaved={() => {
            setEditor(null);
            detail.reload();
          }}
        />
      )}
      <Modal
        open={deciding !== null}
        title={deciding?.action === 'reject' ? t('agreements.reject') : t('agreements.terminate')}
        onCancel={() => setDeciding(null)}
        onOk={decide}
        okButtonProps={{ danger: true, 'data-testid': 'decide-ok' } as never}
        destroyOnClose
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('agreements.reason')}
            rules={[{ required: true, message: t('agreements.reasonRequired') }]}
          >
            <Input.TextArea rows={3} data-testid="decide-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
