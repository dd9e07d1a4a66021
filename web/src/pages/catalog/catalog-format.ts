/** Labels of catalog values in the current language (levels, time limits, frequencies, variants). */
import type { TFunction } from 'i18next';
import {
  CHANNELS,
  type Channel,
  CONTACT_ROLES,
  type ContactRole,
  type ExplanationStep,
  type Frequency,
  type MandatoryAction,
  PERIODS,
  type Period,
  SERVICE_LEVELS,
  SERVICE_SCOPES,
  type ServiceItem,
  type ServiceLevel,
  type ServiceScope,
  type ServiceTime,
  type Standard,
} from '../../api/catalog';

const isIn = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

const KNOWN_PRODUCTS = [
  'digital_circuit',
  'data_circuit',
  'dedicated_internet',
  'dial_up',
  'adsl_lan',
] as const;

export function levelLabel(t: TFunction, level: string | null | undefined): string {
  if (!level) return t('catalog.noStandard');
  return isIn<ServiceLevel>(SERVICE_LEVELS, level) ? t(`catalog.level.${level}`) : level;
}

export function levelShort(t: TFunction, level: string): string {
  return isIn<ServiceLevel>(SERVICE_LEVELS, level) ? t(`catalog.levelShort.${level}`) : level;
}

export function periodLabel(t: TFunction, period: string): string {
  return isIn<Period>(PERIODS, period) ? t(`catalog.period.${period}`) : period;
}

export function scopeLabel(t: TFunction, scope: string): string {
  return isIn<ServiceScope>(SERVICE_SCOPES, scope) ? t(`catalog.scope.${scope}`) : scope;
}

export function roleLabel(t: TFunction, role: string): string {
  return isIn<ContactRole>(CONTACT_ROLES, role) ? t(`catalog.contactRole.${role}`) : role;
}

export function productLabel(t: TFunction, product: string): string {
  return isIn(KNOWN_PRODUCTS, product) ? t(`catalog.product.${product}`) : product;
}

export function channelLabel(t: TFunction, channel: string): string {
  return isIn<Channel>(CHANNELS, channel) ? t(`catalog.channel.${channel}`) : channel;
}

export function itemName(item: Pick<ServiceItem, 'name' | 'nameEn'>, language: string): string {
  return language.startsWith('en') ? item.nameEn : item.name;
}

export function formatTime(t: TFunction, time: ServiceTime | null | undefined): string {
  if (!time) return '';
  switch (time.kind) {
    case 'workdays':
      return t('catalog.time.workdays', { days: time.days });
    case 'hours':
      return time.clock === 'business'
        ? t('catalog.time.businessHours', { hours: time.hours })
        : t('catalog.time.hours', { hours: time.hours });
    case 'days':
      return t('catalog.time.days', { days: time.days });
    case 'on_demand':
      return t('catalog.time.on_demand');
    case 'as_agreed':
      return t('catalog.time.as_agreed');
  }
}

export function formatFrequency(t: TFunction, frequency: Frequency | null | undefined): string {
  if (!frequency) return '';
  return t('catalog.frequency', { times: frequency.times, period: periodLabel(t, frequency.period) });
}

export function formatSchedule(t: TFunction, schedule: MandatoryAction['schedule']): string {
  switch (schedule.kind) {
    case 'periodic':
      return t('catalog.schedule.periodic', {
        times: schedule.times,
        period: periodLabel(t, schedule.period),
      });
    case 'holiday':
      return t('catalog.schedule.holiday');
    case 'birthday':
      return t('catalog.schedule.birthday', {
        roles: schedule.contactRoles.map((r) => roleLabel(t, r)).join('、'),
      });
  }
}

/** "数字电路 · 省际 · 重要核心成员" for a standard or an entitlement that is narrowed; '' otherwise. */
export function variantLabel(
  t: TFunction,
  v: { product?: string | null; scope?: string | null; contactRole?: string | null },
): string {
  return [
    v.product ? productLabel(t, v.product) : null,
    v.scope ? scopeLabel(t, v.scope) : null,
    v.contactRole ? roleLabel(t, v.contactRole) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A standard in one line: its wording, or the time / frequency when the wording is empty. */
export function standardSummary(t: TFunction, s: Standard): string {
  if (!s.provided) return s.wording || t('catalog.notProvided');
  return (
    s.wording || [formatTime(t, s.responseTime), formatFrequency(t, s.frequency)].filter(Boolean).join(',')
  );
}

/** One step of an entitlement's rule chain in the current language. */
export function explainStep(t: TFunction, step: ExplanationStep): string {
  const d = step.detail;
  const level = levelLabel(t, step.level);
  switch (step.rule) {
    case 'service_tier':
      return d.serviceTier
        ? t('catalog.explain.service_tier', {
            serviceTier: levelLabel(t, String(d.serviceTier)),
            tier: d.tier ?? '—',
            stars: d.stars ?? '—',
          })
        : t('catalog.explain.service_tier_none');
    case 'group_class':
      return t('catalog.explain.group_class', { groupClass: d.groupClass ?? '' });
    case 'basic_level':
      return t('catalog.explain.basic_level');
    case 'field_ignored':
      return t('catalog.explain.field_ignored', {
        field: t(d.field === 'scope' ? 'catalog.field.scope' : 'catalog.field.product'),
        value: String(d.value ?? ''),
      });
    case 'level_no_standard':
      return t('catalog.explain.level_no_standard', { level });
    case 'standard_matched': {
      const narrowed = variantLabel(t, {
        product: d.product as string | null,
        scope: d.scope as string | null,
        contactRole: d.contactRole as string | null,
      });
      const text = d.fallback
        ? t('catalog.explain.standard_matched_fallback', { level })
        : t('catalog.explain.standard_matched', { level });
      return narrowed ? `${text}(${narrowed})` : text;
    }
    case 'more_specific':
      return t('catalog.explain.more_specific', { passedOver: d.passedOver ?? 0 });
    case 'not_provided':
      return t('catalog.explain.not_provided', { level });
    case 'no_standard':
      return t('catalog.explain.no_standard');
    default:
      return step.message;
  }
}
