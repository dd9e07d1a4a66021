import { Card, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { getCircuitAvailability } from '../../api/agreements';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { AvailabilityChart } from './availability-chart';
import { ServiceLevelTag } from './service-level-tag';

/** One circuit's last 12 months of availability against its commitment. */
export function AvailabilityChartCard({ circuitId }: { circuitId: string }) {
  const { t } = useTranslation();
  const series = useApi((signal) => getCircuitAvailability(circuitId, 12, signal), [circuitId]);
  return (
    <Card
      size="small"
      title={`${t('agreements.chart.title')}${series.data ? ` · ${series.data.circuitNumber}` : ''}`}
      extra={<ServiceLevelTag level={series.data?.serviceLevel} />}
      data-testid="availability-card"
    >
      <ErrorAlert error={series.error} />
      {series.data ? <AvailabilityChart points={series.data.months} /> : <Spin />}
    </Card>
  );
}
