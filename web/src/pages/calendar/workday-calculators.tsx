import { Button, Card, Col, DatePicker, Form, InputNumber, Row, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addWorkdays, countWorkdays } from '../../api/calendar';
import { ErrorAlert } from '../../components/error-alert';

const DATE_FORMAT = 'YYYY-MM-DD';

function ProvisionalTag({ provisional }: { provisional: boolean }) {
  const { t } = useTranslation();
  return provisional ? (
    <Tag color="warning" data-testid="result-provisional">
      {t('common.provisional')}
    </Tag>
  ) : (
    <Tag color="success">{t('common.official')}</Tag>
  );
}

type AddForm = { from: Dayjs; days: number };
type CountForm = { range: [Dayjs, Dayjs] };

function AddWorkdaysCard({ region }: { region: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ date: string; provisional: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const handleFinish = async (values: AddForm) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await addWorkdays(values.from.format(DATE_FORMAT), values.days, region));
    } catch (caught) {
      setResult(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('calendar.addTitle')} size="small" style={{ height: '100%' }}>
      <Form<AddForm> layout="inline" onFinish={handleFinish} initialValues={{ days: 5 }}>
        <Form.Item
          name="from"
          label={t('calendar.addFrom')}
          rules={[{ required: true, message: t('calendar.fieldRequired') }]}
        >
          <DatePicker format={DATE_FORMAT} data-testid="add-from" />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('calendar.addDays')}
          rules={[{ required: true, message: t('calendar.fieldRequired') }]}
        >
          <InputNumber min={-3650} max={3650} precision={0} style={{ width: 100 }} data-testid="add-days" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="add-submit">
            {t('calendar.addSubmit')}
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 12, minHeight: 24 }}>
        {result && (
          <Space data-testid="add-result">
            <Typography.Text strong>{t('calendar.addResult', { date: result.date })}</Typography.Text>
            <ProvisionalTag provisional={result.provisional} />
          </Space>
        )}
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}

function CountWorkdaysCard({ region }: { region: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ count: number; provisional: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const handleFinish = async ({ range: [from, to] }: CountForm) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await countWorkdays(from.format(DATE_FORMAT), to.format(DATE_FORMAT), region));
    } catch (caught) {
      setResult(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('calendar.countTitle')} size="small" style={{ height: '100%' }}>
      <Form<CountForm> layout="inline" onFinish={handleFinish}>
        <Form.Item
          name="range"
          label={t('calendar.countRange')}
          rules={[{ required: true, message: t('calendar.fieldRequired') }]}
        >
          <DatePicker.RangePicker format={DATE_FORMAT} data-testid="count-range" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="count-submit">
            {t('calendar.countSubmit')}
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 12, minHeight: 24 }}>
        {result && (
          <Space data-testid="count-result">
            <Typography.Text strong>{t('calendar.countResult', { count: result.count })}</Typography.Text>
            <ProvisionalTag provisional={result.provisional} />
          </Space>
        )}
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}

/** "Add N working days" and "count working days", both asking the server for the region in view. */
export function WorkdayCalculators({ region }: { region: string }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <AddWorkdaysCard region={region} />
      </Col>
      <Col xs={24} xl={12}>
        <CountWorkdaysCard region={region} />
      </Col>
    </Row>
  );
}
