/** Small shared pieces of the orders pages: state and class tags, the due date with its reason. */
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DueBasis, OrderState } from '../../api/orders';

const STATE_COLORS: Record<OrderState, string> = {
  acknowledged: 'blue',
  inProgress: 'processing',
  pending: 'gold',
  held: 'orange',
  completed: 'green',
  cancelled: 'default',
  rejected: 'red',
  failed: 'red',
};

export function OrderStateTag({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state]}>{t(`orders.state.${state}`)}</Tag>;
}

const CLASS_COLORS: Record<string, string> = {
  express: 'red',
  urgent: 'orange',
  normal: 'blue',
  none: 'default',
};

export function ClassTag({ cls }: { cls: string | null }) {
  const { t } = useTranslation();
  const key = (cls ?? 'none') as 'express' | 'urgent' | 'normal' | 'none';
  return <Tag color={CLASS_COLORS[key]}>{t(`orders.class.${key}`)}</Tag>;
}

/** A due date (or "no fixed limit") with its reason on hover; marks provisional and overdue. */
export function DueDate({
  date,
  provisional,
  overdue,
  basis,
  reason,
}: {
  date: string | null;
  provisional: boolean;
  overdue?: boolean;
  basis?: DueBasis;
  reason?: string | null;
}) {
  const { t } = useTranslation();
  const text = basis?.text ?? reason ?? '';
  return (
    <Tooltip title={text || undefined}>
      <Space size={4} data-testid="due-date">
        <Typography.Text type={overdue ? 'danger' : undefined} underline={!!text}>
          {date ?? t('orders.entry.noDue')}
        </Typography.Text>
        {provisional ? <Tag color="purple">{t('orders.list.provisional')}</Tag> : null}
      </Space>
    </Tooltip>
  );
}
