import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../api/types';

type Props = {
  regions: readonly Region[];
  value?: string | null;
  onChange?: (value: string | null) => void;
};

/** A region picker from `GET /regions`; a plain code input when the list is not available. */
export function RegionField({ regions, value, onChange }: Props) {
  const { t } = useTranslation();
  if (regions.length === 0) {
    return (
      <Input
        value={value ?? ''}
        onChange={(event) => onChange?.(event.target.value.trim() || null)}
        placeholder={t('users.regionNone')}
        allowClear
      />
    );
  }
  return (
    <Select
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('users.regionNone')}
      options={regions.map((region) => ({ value: region.code, label: `${region.name} (${region.code})` }))}
    />
  );
}

/** "Name (code)" for a region code, or the code when the name is unknown. */
export function formatRegion(code: string | null, regions: readonly Region[]): string {
  if (!code) return '';
  const region = regions.find((r) => r.code === code);
  return region ? `${region.name} (${region.code})` : code;
}
