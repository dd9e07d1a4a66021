import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPpm, type SlaServiceLevel } from '../../api/agreements';

const COLORS: Record<string, string> = {
  AAA: 'magenta',
  AA: 'volcano',
  A: 'gold',
  M1: 'blue',
  M2: 'geekblue',
  M3: 'cyan',
};

/** The SLA level in force on a circuit or ticket (e.g. "AAA · SL1"), with the agreement and targets on hover. */
export function ServiceLevelTag({
  level,
  showNone = false,
}: {
  level: SlaServiceLevel | null | undefined;
  showNone?: boolean;
}) {
  const { t } = useTranslation();
  if (!level) return showNone ? <Tag data-testid="service-level-none">{t('agreements.noLevel')}</Tag> : null;
  const main = level.slaClass ?? level.maintenanceLevel ?? 'Q';
  return (
    <Tooltip
      title={t('agreements.levelTooltip', {
        number: level.agreementNumber,
        version: level.version,
        availability: formatPpm(level.targets.availabilityPpm),
        minutes: level.targets.restoreMinutes,
      })}
    >
      <Tag color={COLORS[main] ?? 'default'} data-testid="service-level" style={{ marginInlineEnd: 0 }}>
        {level.label}
      </Tag>
    </Tooltip>
  );
}
