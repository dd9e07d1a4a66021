import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findScheduleFormat, importCalendar } from '../../api/calendar';
import { ApiError, type FieldIssue } from '../../api/client';
import type { CalendarImportResult } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'success'; result: CalendarImportResult }
  | { kind: 'invalid'; error: ApiError; issues: (FieldIssue & { key: number })[] }
  | { kind: 'error'; error: unknown };

/**
 * Admin only: upload a yearly holiday schedule (.json or .csv) as-is. The server validates the
 * whole file; when it refuses (400 CALENDAR_SCHEDULE_INVALID) every problem is listed here.
 */
export function CalendarImportCard({ onImported }: { onImported: (result: CalendarImportResult) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [region, setRegion] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const handleUpload = async () => {
    if (!file) {
      setOutcome({ kind: 'error', error: new Error(t('calendar.import.noFile')) });
      return;
    }
    const format = findScheduleFormat(file.name);
    if (!format) {
      setOutcome({ kind: 'error', error: new Error(t('calendar.import.badType')) });
      return;
    }
    setBusy(true);
    setOutcome({ kind: 'idle' });
    try {
      const result = await importCalendar(await file.text(), format, region.trim());
      setOutcome({ kind: 'success', result });
      onImported(result);
    } catch (error) {
      if (error instanceof ApiError && error.fieldIssues.length > 0) {
        setOutcome({
          kind: 'invalid',
          error,
          issues: error.fieldIssues.map((issue, index) => ({ ...issue, key: index })),
        });
      } else {
        setOutcome({ kind: 'error', error });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('calendar.import.title')} size="small" data-testid="calendar-import">
      <Typography.Paragraph type="secondary">{t('calendar.import.hint')}</Typography.Paragraph>
      <Form layout="inline" style={{ rowGap: 8 }}>
        <Form.Item label={t('calendar.import.file')}>
          <Upload
            accept=".json,.csv,application/json,text/csv"
            maxCount={1}
            fileList={file ? [{ uid: 'schedule', name: file.name, status: 'done', size: file.size }] : []}
            beforeUpload={(picked) => {
              setFile(picked);
              setOutcome({ kind: 'idle' });
              return false; // keep it here; we send it ourselves with the right content type
            }}
            onRemove={() => {
              setFile(null);
            }}
          >
            <Button icon={<UploadOutlined />}>{t('calendar.import.pickFile')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t('calendar.import.region')}>
          <Input
            value={region}
            onChange={(event) => setRegion(event.target.value)}
            placeholder={t('calendar.import.regionPlaceholder')}
            allowClear
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" onClick={handleUpload} loading={busy} data-testid="import-submit">
            {t('calendar.import.submit')}
          </Button>
        </Form.Item>
      </Form>

      <div style={{ marginTop: 12 }}>
        {outcome.kind === 'success' && (
          <Alert
            type="success"
            showIcon
            data-testid="import-success"
            message={t('calendar.import.success', {
              year: outcome.result.year,
              region: outcome.result.region
                ? t('calendar.import.regionSuffix', { region: outcome.result.region })
                : '',
              count: outcome.result.entryCount,
              recomputed: outcome.result.recomputedDeadlines,
            })}
          />
        )}
        {outcome.kind === 'invalid' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={outcome.error} showFieldIssues={false} />
            <Table<FieldIssue & { key: number }>
              size="small"
              data-testid="import-errors"
              dataSource={outcome.issues}
              pagination={outcome.issues.length > 10 ? { pageSize: 10, size: 'small' } : false}
              columns={[
                {
                  title: t('calendar.import.field'),
                  dataIndex: 'field',
                  width: 200,
                  render: (field: string) => <Typography.Text code>{field}</Typography.Text>,
                },
                { title: t('calendar.import.message'), dataIndex: 'message' },
              ]}
            />
          </Space>
        )}
        {outcome.kind === 'error' && <ErrorAlert error={outcome.error} />}
      </div>
    </Card>
  );
}
