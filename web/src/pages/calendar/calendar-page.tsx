import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { findCalendarYears, getCalendarDays } from '../../api/calendar';
import type { CalendarImportResult } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { computeTodayDate } from '../../format';
import { computeYearOptions, summarizeMonths } from './calendar-grid';
import { CalendarImportCard } from './calendar-import-card';
import { WorkdayCalculators } from './workday-calculators';
import { WorkdaysChart } from './workdays-chart';
import { CalendarLegend, CalendarYearView } from './year-view';

function readYear(value: string | null): number | null {
  const year = Number(value);
  return Number.isInteger(year) && year >= 1900 && year <= 2200 ? year : null;
}

/** The working calendar: a year at a glance, the two calculators and (for admins) the import. */
export function CalendarPage() {
  const { t } = useTranslation();
  const session = useSession();
  const isAdmin = session.status === 'authenticated' && session.user.role === 'admin';
  const todayDate = useMemo(() => computeTodayDate(new Date()), []);
  const currentYear = Number(todayDate.slice(0, 4));

  // Year and region live in the URL (`/calendar?year=2027&region=440000`) so a view can be shared.
  const [searchParams, setSearchParams] = useSearchParams();
  const year = readYear(searchParams.get('year')) ?? currentYear;
  const region = searchParams.get('region')?.trim() ?? '';
  const [regionInput, setRegionInput] = useState(region);
  useEffect(() => setRegionInput(region), [region]);
  const setView = (next: { year?: number; region?: string }) => {
    const params = new URLSearchParams(searchParams);
    params.set('year', String(next.year ?? year));
    const nextRegion = next.region ?? region;
    if (nextRegion) params.set('region', nextRegion);
    else params.delete('region');
    setSearchParams(params, { replace: true });
  };
  const setYear = (value: number) => setView({ year: value });

  const years = useApi((signal) => findCalendarYears(region, signal), [region]);
  const days = useApi((signal) => getCalendarDays(year, region, signal), [year, region]);

  const loadedYears = useMemo(
    () => [...new Set((years.data?.items ?? []).map((item) => item.year))].sort((a, b) => a - b),
    [years.data],
  );
  const yearOptions = useMemo(() => computeYearOptions(loadedYears, currentYear), [loadedYears, currentYear]);
  const regionOptions = useMemo(() => {
    const regions = new Set<string>();
    for (const item of years.data?.items ?? []) if (item.region) regions.add(item.region);
    return [...regions].sort().map((value) => ({ value }));
  }, [years.data]);

  // Keep the selected year inside the picker's range once we know which years are loaded.
  const outOfRange = loadedYears.length > 0 && !yearOptions.includes(year);
  const lastLoadedYear = loadedYears[loadedYears.length - 1] ?? currentYear;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs only when the year falls out of range
  useEffect(() => {
    if (outOfRange) setYear(lastLoadedYear);
  }, [outOfRange, lastLoadedYear]);

  const shown = days.data;
  const summaries = useMemo(() => summarizeMonths(shown?.items ?? []), [shown]);
  const totals = useMemo(
    () =>
      summaries.reduce(
        (sum, month) => ({
          workdays: sum.workdays + month.workdays,
          holidays: sum.holidays + month.holidays,
          makeupWorkdays: sum.makeupWorkdays + month.makeupWorkdays,
        }),
        { workdays: 0, holidays: 0, makeupWorkdays: 0 },
      ),
    [summaries],
  );

  const commitRegion = (value: string) => {
    const next = value.trim();
    if (next !== region) setView({ region: next });
  };

  const handleImported = (result: CalendarImportResult) => {
    years.reload();
    if (result.year === year) days.reload();
    else setYear(result.year);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('calendar.title')}
        extra={
          <Space wrap>
            <span>{t('calendar.year')}</span>
            <Select
              value={year}
              onChange={setYear}
              options={yearOptions.map((value) => ({ value, label: String(value) }))}
              style={{ width: 100 }}
              data-testid="calendar-year-select"
            />
            <span>{t('calendar.region')}</span>
            <AutoComplete
              value={regionInput}
              options={regionOptions}
              onChange={setRegionInput}
              onSelect={(value: string) => {
                setRegionInput(value);
                commitRegion(value);
              }}
              onBlur={() => commitRegion(regionInput)}
              onClear={() => commitRegion('')}
              onInputKeyDown={(event) => {
                if (event.key === 'Enter') commitRegion(regionInput);
              }}
              allowClear
              placeholder={t('calendar.regionPlaceholder')}
              style={{ width: 220 }}
              data-testid="calendar-region"
            />
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                years.reload();
                days.reload();
              }}
              aria-label={t('common.refresh')}
            />
          </Space>
        }
      >
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <ErrorAlert error={years.error} />
          <ErrorAlert error={days.error} />
          {shown?.provisional && (
            <Alert
              type="warning"
              showIcon
              message={t('calendar.provisionalBanner')}
              data-testid="provisional-banner"
            />
          )}
          <Row gutter={[24, 16]} align="middle">
            <Col xs={24} lg={10}>
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Space size="large" wrap>
                  <Statistic
                    title={t('calendar.yearWorkdays', { year: shown?.year ?? year })}
                    value={totals.workdays}
                    valueStyle={{ color: '#1668dc' }}
                  />
                  <Statistic
                    title={t('calendar.kind.holiday')}
                    value={totals.holidays}
                    valueStyle={{ color: '#cf1322' }}
                  />
                  <Statistic
                    title={t('calendar.kind.makeupWorkday')}
                    value={totals.makeupWorkdays}
                    valueStyle={{ color: '#d46b08' }}
                  />
                </Space>
                <CalendarLegend />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {loadedYears.length > 0
                    ? t('calendar.loadedYears', { years: loadedYears.join(', ') })
                    : t('calendar.noLoadedYears')}
                  {years.data?.horizon && (
                    <>
                      {' · '}
                      {t('calendar.horizon', {
                        first: years.data.horizon.firstYear,
                        last: years.data.horizon.lastYear,
                      })}
                    </>
                  )}
                </Typography.Text>
              </Space>
            </Col>
            <Col xs={24} lg={14}>
              <Typography.Text strong>{t('calendar.chartTitle')}</Typography.Text>
              <WorkdaysChart summaries={summaries} />
            </Col>
          </Row>
          <Spin spinning={days.loading}>
            {shown ? (
              <CalendarYearView year={shown.year} days={shown.items} todayDate={todayDate} />
            ) : (
              <div style={{ minHeight: 240 }} />
            )}
          </Spin>
        </Space>
      </Card>
      <WorkdayCalculators region={region} />
      {isAdmin && <CalendarImportCard onImported={handleImported} />}
    </Space>
  );
}
