/** Tags and labels shared by the compensation pages. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlipKind, SlipStatus, SlipView } from '../../api/compensation';

export const SLIP_STATUS_COLORS: Record<SlipStatus, string> = {
  raised: 'orange',
  ops_stated: 'gold',
  approved: 'blue',
  rejected: 'default',
  customer_confirmed: 'cyan',
  settled: 'green',
};

export const SLIP_KIND_COLORS: Record<SlipKind, string> = {
  provisioning_late: '#1677ff',
  sla_availability: '#fa8c16',
  sla_restore: '#eb2f96',
};

export function SlipStatusTag({ status }: { status: SlipStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={SLIP_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="slip-status">
      {t(`compensation.status.${status}`)}
    </Tag>
  );
}

export function SlipKindTag({ kind }: { kind: SlipKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={SLIP_KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`compensation.kind.${kind}`)}
    </Tag>
  );
}

/** What raised the slip, in one short line: the order, or the agreement · circuit · month. */
export function sourceText(
  slip: Pick<SlipView, 'orderNumber' | 'agreementNumber' | 'circuitNumber' | 'period'>,
): string {
  const parts = slip.orderNumber
    ? [slip.orderNumber, slip.circuitNumber]
    : [slip.agreementNumber, slip.circuitNumber, slip.period];
  return parts.filter((p): p is string => Boolean(p)).join(' · ') || '—';
}
