import { SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Rate,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCustomer } from '../../../api/customers';
import {
  findProposals,
  findTierHistory,
  getLossEquivalence,
  type OverrideInput,
  requestTierOverride,
} from '../../../api/tiers';
import { useApi } from '../../../api/use-api';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { applyFieldIssues } from '../../../components/form-errors';
import { formatScore, formatTier } from '../../tiers/tier-labels';

const TIERS = ['5A', '4A', '3A', '2A', '1A'];

type OverrideValues = { toTier?: string; toStars?: number; toGroupClass?: string; reason: string };

function OverrideModal({
  customerId,
  open,
  onClose,
  onSaved,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OverrideValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (!values.toTier && !values.toStars && !values.toGroupClass) {
      form.setFields([{ name: 'toTier', errors: [t('tiers.override.atLeastOne')] }]);
      return;
    }
    const input: OverrideInput = {
      reason: values.reason.trim(),
      ...(values.toTier ? { toTier: values.toTier } : {}),
      ...(values.toStars ? { toStars: values.toStars } : {}),
      ...(values.toGroupClass ? { toGroupClass: values.toGroupClass } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      await requestTierOverride(customerId, input);
      message.success(t('tiers.override.submitted'));
      form.resetFields();
      onSaved();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, ['toTier', 'toStars', 'toGroupClass', 'reason'])) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('tiers.override.title')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'override-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('tiers.override.hint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="toTier" label={t('tiers.override.toTier')}>
          <Select
            allowClear
            options={TIERS.map((tier) => ({ value: tier, label: tier }))}
            data-testid="override-tier"
          />
        </Form.Item>
        <Form.Item name="toStars" label={t('tiers.override.toStars')}>
          <Rate count={5} />
        </Form.Item>
        <Form.Item name="toGroupClass" label={t('tiers.override.toGroupClass')}>
          <Select allowClear options={['A', 'B', 'C'].map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('tiers.override.reason')}
          rules={[{ required: true, whitespace: true, message: t('tiers.override.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 });

/**
 * The customer's tier (PRODUCT.md §2): current tier and stars, the history of changes (effective
 * date, from→to, reason, model version, score, approver), the loss equivalence, and a request
 * for a manual tier change.
 */
export function TierPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canRequest = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  const [overriding, setOverriding] = useState(false);

  const customer = useApi((s) => getCustomer(customerId, s), [customerId]);
  const history = useApi((s) => findTierHistory(customerId, s), [customerId]);
  const loss = useApi((s) => getLossEquivalence(customerId, s), [customerId]);
  const pending = useApi((s) => findProposals({ customerId, status: 'pending', limit: 1 }, s), [customerId]);
  const c = customer.data;
  const l = loss.data;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="tier-panel">
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Card
            size="small"
            title={t('tiers.panel.current')}
            extra={
              canRequest && (
                <Button
                  icon={<SwapOutlined />}
                  size="small"
                  onClick={() => setOverriding(true)}
                  data-testid="request-tier-change"
                >
                  {t('tiers.panel.requestChange')}
                </Button>
              )
            }
          >
            <ErrorAlert error={customer.error} />
            {c &&
              (c.tier || c.groupClass ? (
                <Space direction="vertical" size={2}>
                  <Space>
                    <Typography.Title level={3} style={{ margin: 0 }} data-testid="current-tier">
                      {c.tier ?? c.groupClass}
                    </Typography.Title>
                    {c.stars && <Rate disabled count={5} value={c.stars} />}
                    {c.tier && c.groupClass && <Tag>{c.groupClass}</Tag>}
                  </Space>
                  {c.tierEffectiveDate && (
                    <Typography.Text type="secondary">
                      {t('tiers.panel.effective', { date: c.tierEffectiveDate })}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('tiers.panel.noTier')}</Typography.Text>
              ))}
            {(pending.data?.items.length ?? 0) > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                message={t('tiers.panel.pendingHint')}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card size="small" title={t('tiers.panel.loss')}>
            <ErrorAlert error={loss.error} />
            {l &&
              (l.avgMonthlyRevenueFen === null ? (
                <Typography.Text type="secondary">{t('tiers.panel.lossNone')}</Typography.Text>
              ) : (
                <Space direction="vertical" size={4}>
                  <Typography.Text strong data-testid="loss-equivalence">
                    {t('tiers.panel.lossText', {
                      commercial: Math.round(l.commercialEquivalent ?? 0),
                      public: Math.round(l.publicEquivalent ?? 0),
                    })}
                  </Typography.Text>
                  <Space size="large">
                    <Statistic
                      title={t('tiers.panel.commercial')}
                      value={l.commercialEquivalent ?? 0}
                      precision={1}
                    />
                    <Statistic
                      title={t('tiers.panel.public')}
                      value={l.publicEquivalent ?? 0}
                      precision={1}
                    />
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tiers.panel.lossDetail', {
                      months: l.months,
                      revenue: yuan(l.avgMonthlyRevenueFen),
                      commercialAvg: yuan(l.commercialAvgFen),
                      publicAvg: yuan(l.publicAvgFen),
                    })}
                  </Typography.Text>
                </Space>
              ))}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('tiers.panel.history')}>
        <ErrorAlert error={history.error} />
        {history.data && history.data.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tiers.panel.historyEmpty')} />
        )}
        {history.data && history.data.length > 0 && (
          <Timeline
            data-testid="tier-history"
            items={history.data.map((change) => ({
              key: change.id,
              children: (
                <Space direction="vertical" size={0}>
                  <Space wrap>
                    <Typography.Text strong>{change.effectiveDate}</Typography.Text>
                    <span>
                      {formatTier(change.fromTier, change.fromStars, change.fromGroupClass)} →{' '}
                      <b>{formatTier(change.toTier, change.toStars, change.toGroupClass)}</b>
                    </span>
                    {change.modelVersion !== null && (
                      <Tag>{t('tiers.panel.modelVersion', { version: change.modelVersion })}</Tag>
                    )}
                    {change.score !== null && (
                      <Tag color="blue">{t('tiers.panel.score', { score: formatScore(change.score) })}</Tag>
                    )}
                  </Space>
                  <Typography.Text>{change.reason}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tiers.panel.approvedBy', { name: change.approverName ?? change.approvedBy })}
                  </Typography.Text>
                </Space>
              ),
            }))}
          />
        )}
      </Card>
      <OverrideModal
        customerId={customerId}
        open={overriding}
        onClose={() => setOverriding(false)}
        onSaved={() => {
          setOverriding(false);
          pending.reload();
        }}
      />
    </Space>
  );
}
