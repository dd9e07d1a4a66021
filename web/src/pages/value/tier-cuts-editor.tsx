import { Alert, Card, Col, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TierMethod, TierScheme, ValueModelDefinition } from '../../api/value';
import { classesOf, classFor, cutsValid, DEFAULT_CUTS } from './model-helpers';
import { TierDistribution } from './tier-distribution';

type Tiering = ValueModelDefinition['tiering'];
type Props = { tiering: Tiering; editable: boolean; onChange: (next: Tiering) => void };

const CLASS_COLOR: Record<string, string> = {
  '5A': 'magenta',
  '4A': 'volcano',
  '3A': 'gold',
  '2A': 'blue',
  '1A': 'default',
  A: 'magenta',
  B: 'gold',
  C: 'default',
};

const pct = (f: number) => Math.round(f * 1000) / 10;

/**
 * Tier cut points (PRODUCT.md §2): scheme 1A–5A or A/B/C, by score thresholds or by cumulative
 * quotas, the downgrade grace runs, and a preview of the ranges with a try-out.
 */
export function TierCutsEditor({ tiering, editable, onChange }: Props) {
  const { t } = useTranslation();
  const [tryScore, setTryScore] = useState<number>(70);
  const [tryRank, setTryRank] = useState<number>(5);
  const classes = classesOf(tiering.scheme);
  const valid = cutsValid(tiering);
  const quota = tiering.method === 'quota';

  function setScheme(scheme: TierScheme) {
    onChange({ ...tiering, scheme, cuts: [...DEFAULT_CUTS[scheme][tiering.method]] });
  }
  function setMethod(method: TierMethod) {
    onChange({ ...tiering, method, cuts: [...DEFAULT_CUTS[tiering.scheme][method]] });
  }
  function setCut(i: number, value: number | null) {
    const cuts = [...tiering.cuts];
    cuts[i] = value === null ? Number.NaN : quota ? value / 100 : value;
    onChange({ ...tiering, cuts });
  }

  const ranges = classes.map((cls, i) => {
    const cut = tiering.cuts[i];
    const above = tiering.cuts[i - 1];
    let text: string;
    if (quota) {
      const from = above === undefined ? 0 : pct(above);
      text =
        cut === undefined
          ? t('value.tiers.rangeQuotaRest', { from })
          : t('value.tiers.rangeQuota', { from, to: pct(cut) });
    } else {
      const to = above === undefined ? 100 : above;
      text =
        cut === undefined
          ? t('value.tiers.rangeScoreBelow', { to })
          : t('value.tiers.rangeScore', { from: cut, to });
    }
    return { cls, text };
  });

  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('value.tabs.tiers')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text>{t('value.tiers.scheme')}</Typography.Text>
              <Select<TierScheme>
                style={{ width: 260 }}
                value={tiering.scheme}
                disabled={!editable}
                onChange={setScheme}
                data-testid="tier-scheme"
                options={[
                  { value: 'telecom', label: t('value.tiers.schemeTelecom') },
                  { value: 'mobile', label: t('value.tiers.schemeMobile') },
                ]}
              />
            </Space>
            <Space wrap>
              <Typography.Text>{t('value.tiers.method')}</Typography.Text>
              <Select<TierMethod>
                style={{ width: 200 }}
                value={tiering.method}
                disabled={!editable}
                onChange={setMethod}
                data-testid="tier-method"
                options={[
                  { value: 'threshold', label: t('value.tiers.methodThreshold') },
                  { value: 'quota', label: t('value.tiers.methodQuota') },
                ]}
              />
            </Space>
            <Typography.Text type="secondary">
              {quota ? t('value.tiers.quotaHint') : t('value.tiers.thresholdHint')}
            </Typography.Text>
            {tiering.cuts.map((cut, i) => (
              <Space key={classes[i]}>
                <Typography.Text style={{ minWidth: 100, display: 'inline-block' }}>
                  {t('value.tiers.cut', { tier: classes[i] })}
                </Typography.Text>
                <InputNumber
                  min={quota ? 0.1 : 0.5}
                  max={quota ? 99.9 : 100}
                  step={quota ? 1 : 5}
                  value={Number.isFinite(cut) ? (quota ? pct(cut) : cut) : null}
                  disabled={!editable}
                  onChange={(v) => setCut(i, typeof v === 'number' ? v : null)}
                  addonAfter={quota ? '%' : undefined}
                  data-testid={`tier-cut-${i}`}
                />
              </Space>
            ))}
            <Space>
              <Typography.Text>{t('value.tiers.graceRuns')}</Typography.Text>
              <InputNumber
                min={0}
                max={12}
                precision={0}
                value={tiering.graceRuns}
                disabled={!editable}
                onChange={(v) => onChange({ ...tiering, graceRuns: typeof v === 'number' ? v : 0 })}
                data-testid="tier-grace"
              />
            </Space>
            {!valid && (
              <Alert type="error" showIcon message={t('value.tiers.invalid')} data-testid="tier-invalid" />
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('value.tiers.preview')}>
          <Table
            size="small"
            pagination={false}
            rowKey="cls"
            dataSource={ranges}
            data-testid="tier-preview"
            columns={[
              {
                title: '',
                dataIndex: 'cls',
                render: (cls: string) => <Tag color={CLASS_COLOR[cls]}>{cls}</Tag>,
              },
              { title: t('value.tiers.range'), dataIndex: 'text' },
            ]}
          />
          <Space style={{ marginTop: 12 }} wrap>
            <Typography.Text>{t('value.tiers.tryScore')}</Typography.Text>
            <InputNumber min={0} max={100} value={tryScore} onChange={(v) => setTryScore(v ?? 0)} />
            {quota && (
              <>
                <Typography.Text>{t('value.tiers.tryRank')}</Typography.Text>
                <InputNumber min={0} max={100} value={tryRank} onChange={(v) => setTryRank(v ?? 0)} />
              </>
            )}
            {valid && (
              <Typography.Text strong data-testid="tier-try-result">
                {t('value.tiers.tryResult', { tier: classFor(tiering, tryScore, tryRank / 100) })}
              </Typography.Text>
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} style={{ marginTop: 16 }}>
        <TierDistribution tiering={tiering} valid={valid} />
      </Col>
    </Row>
  );
}
