import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  type TableColumnsType,
} from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import EChartsCoreModule from 'echarts-for-react/lib/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findSatisfaction, type SatisfactionRow, saveSatisfaction } from '../../../api/segments';
import { useApi } from '../../../api/use-api';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/error-alert';
import { applyFieldIssues } from '../../../components/form-errors';
import { computeTodayDate, formatInstant } from '../../../format';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const ReactEChartsCore =
  (EChartsCoreModule as unknown as { default?: typeof EChartsCoreModule }).default ?? EChartsCoreModule;

type Values = {
  month: string;
  satisfaction?: number | null;
  competitorSatisfaction?: number | null;
  walletShare?: number | null;
};

const FIELDS = ['satisfaction', 'competitorSatisfaction', 'walletShare'] as const;

function EntryModal({
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
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const given = FIELDS.filter((f) => values[f] !== undefined && values[f] !== null);
    if (given.length === 0) {
      form.setFields([{ name: 'satisfaction', errors: [t('segments.satisfaction.atLeastOne')] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await saveSatisfaction(customerId, {
        period: `${values.month}-01`,
        ...Object.fromEntries(given.map((f) => [f, values[f]])),
      });
      message.success(t('segments.satisfaction.saved'));
      form.resetFields();
      onSaved();
    } catch (caught) {
      if (!applyFieldIssues(form, caught, [...FIELDS])) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('segments.satisfaction.addTitle')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ month: computeTodayDate(new Date()).slice(0, 7) }}>
        <Form.Item
          name="month"
          label={t('segments.satisfaction.period')}
          extra={t('segments.satisfaction.periodHint')}
          rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/ }]}
        >
          <Input type="month" data-testid="satisfaction-month" />
        </Form.Item>
        <Form.Item name="satisfaction" label={t('segments.satisfaction.satisfaction')}>
          <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="satisfaction-value" />
        </Form.Item>
        <Form.Item name="competitorSatisfaction" label={t('segments.satisfaction.competitorSatisfaction')}>
          <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="satisfaction-competitor" />
        </Form.Item>
        <Form.Item name="walletShare" label={t('segments.satisfaction.walletShare')}>
          <InputNumber
            min={0}
            max={1}
            step={0.05}
            style={{ width: '100%' }}
            data-testid="satisfaction-wallet"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const show = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

/**
 * Satisfaction, competitor satisfaction, RSL and share of wallet per period (PRODUCT.md §3):
 * a table, a small line chart and an entry form for the owning AM, kam_manager or admin.
 */
export function SatisfactionPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canEdit = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  const [entering, setEntering] = useState(false);
  const rows = useApi((s) => findSatisfaction(customerId, s), [customerId]);
  const data = rows.data ?? [];

  const option = useMemo(() => {
    const ordered = [...data].reverse();
    return {
      grid: { left: 36, right: 36, top: 28, bottom: 24 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: ordered.map((r) => r.period.slice(0, 7)) },
      yAxis: [
        { type: 'value', min: 0, max: 100 },
        { type: 'value', min: 0, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('segments.satisfaction.satisfaction'),
          type: 'line',
          data: ordered.map((r) => r.satisfaction),
        },
        {
          name: t('segments.satisfaction.competitorSatisfaction'),
          type: 'line',
          lineStyle: { type: 'dashed' },
          data: ordered.map((r) => r.competitorSatisfaction),
        },
        {
          name: t('segments.satisfaction.rsl'),
          type: 'line',
          yAxisIndex: 1,
          data: ordered.map((r) => r.rsl),
        },
      ],
    };
  }, [data, t]);

  const columns: TableColumnsType<SatisfactionRow> = [
    { title: t('segments.satisfaction.period'), dataIndex: 'period', render: (p: string) => p.slice(0, 7) },
    {
      title: t('segments.satisfaction.satisfaction'),
      dataIndex: 'satisfaction',
      align: 'right',
      render: (v) => show(v),
    },
    {
      title: t('segments.satisfaction.competitorSatisfaction'),
      dataIndex: 'competitorSatisfaction',
      align: 'right',
      render: (v) => show(v),
    },
    { title: t('segments.satisfaction.rsl'), dataIndex: 'rsl', align: 'right', render: (v) => show(v, 2) },
    {
      title: t('segments.satisfaction.walletShare'),
      dataIndex: 'walletShare',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`),
    },
    { title: t('segments.satisfaction.source'), dataIndex: 'source' },
    {
      title: t('segments.satisfaction.enteredBy'),
      key: 'entered',
      render: (_, r) => `${r.enteredBy} ${formatInstant(r.enteredAt)}`,
    },
  ];

  return (
    <Card
      size="small"
      title={t('segments.satisfaction.title')}
      extra={
        canEdit && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setEntering(true)}
            data-testid="satisfaction-add"
          >
            {t('segments.satisfaction.add')}
          </Button>
        )
      }
      data-testid="satisfaction-panel"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert error={rows.error} />
        {data.length > 1 && (
          <ReactEChartsCore
            echarts={echarts}
            option={option}
            notMerge
            opts={{ renderer: 'svg' }}
            style={{ height: 200, width: '100%' }}
          />
        )}
        <Table<SatisfactionRow>
          rowKey="period"
          size="small"
          loading={rows.loading}
          columns={columns}
          dataSource={data}
          pagination={false}
          locale={{ emptyText: t('segments.satisfaction.empty') }}
        />
      </Space>
      <EntryModal
        customerId={customerId}
        open={entering}
        onClose={() => setEntering(false)}
        onSaved={() => {
          setEntering(false);
          rows.reload();
        }}
      />
    </Card>
  );
}
